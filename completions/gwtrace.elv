
use builtin;
use str;

set edit:completion:arg-completer[gwtrace] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'gwtrace'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'gwtrace'= {
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand status 'Show a traceroute task; waits while it runs'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gwtrace;status'= {
            cand --timeout 'Overall deadline for waiting, e.g. 90s, 5m, 1h [default: 10m]'
            cand --interval 'Time between polls, at least 1s [default: 5s]'
            cand --request-timeout 'Limit for one HTTP exchange, connect included [default: 30s]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand --no-wait 'Make one request, print the current state, do not poll'
            cand --json 'Short for `-o json`: the task document as the API returned it'
            cand --raw 'Short for `-o raw`: the device''s own traceroute text'
            cand --no-progress 'No progress bar, even on a terminal'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'gwtrace;completions'= {
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gwtrace;help'= {
            cand status 'Show a traceroute task; waits while it runs'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gwtrace;help;status'= {
        }
        &'gwtrace;help;completions'= {
        }
        &'gwtrace;help;help'= {
        }
    ]
    $completions[$command]
}
