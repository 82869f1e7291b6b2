
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
            cand --device 'Device family [default: profile key `device`, else gateway]'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand status 'Show a traceroute task; waits while it runs'
            cand start 'Start a traceroute on a device, then wait like `status`'
            cand tasks 'List a device''s active and recent troubleshooting tasks'
            cand auth 'Which profile, base URL and token source are in use; checks the token'
            cand config 'The config file: where it is, or write a commented template'
            cand demo 'The whole flow against a built-in simulated Central: no account or config needed'
            cand diff 'Compare two traces saved with --json hop by hop; exit 11 when the path changed'
            cand sim 'Serve the simulated Central API on a local port, for trying scripts offline'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gwtrace;status'= {
            cand --timeout 'Overall deadline for waiting, e.g. 90s, 5m, 1h [default: 10m]'
            cand --interval 'Time between polls, at least 1s [default: 5s]'
            cand --request-timeout 'Limit for one HTTP exchange, connect included [default: 30s]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --expect-via 'Some hop answered from this address, network or host name (repeatable)'
            cand --max-rtt 'The destination''s average round-trip time is at most this: 40ms, 0.5ms, 1.5s'
            cand --max-loss 'Loss at the destination''s hop is at most this many percent'
            cand --expect-path 'The path is the one in FILE, a task saved earlier with --json (- reads stdin)'
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand --device 'Device family [default: profile key `device`, else gateway]'
            cand --latest 'Read the device''s newest traceroute task (from its task list) instead of a task id'
            cand --no-wait 'Make one request, print the current state, do not poll'
            cand --json 'Short for `-o json`: the task document as the API returned it'
            cand --raw 'Short for `-o raw`: the device''s own traceroute text'
            cand --no-progress 'No progress bar, even on a terminal'
            cand --expect-reach 'The destination was reached'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'gwtrace;start'= {
            cand --serials-file 'Trace from every device in FILE: one serial per line, # comments (- reads stdin)'
            cand --concurrency 'How many devices to trace at once'
            cand --max-rate 'Requests per second for the whole run, every request counted [default with --serials-file: 5]'
            cand --vlan-ip 'gateway: source VLAN IP address (the API''s `vlanIp`)'
            cand --source-interface 'ap: the port to send from; aos-s: loopback, vlan-interface or ip-address (optional, follows from the option below) (`sourceInterface`)'
            cand --vrf 'cx: the VRF to trace in (`vrfName`)'
            cand --loopback-port 'aos-s: send from this loopback interface (`loopbackPort`)'
            cand --source-vlan 'aos-s: send from this VLAN''s interface (`vlan`)'
            cand --source-ip 'aos-s: send from this IP address (`ipAddress`)'
            cand --timeout 'Overall deadline for waiting, e.g. 90s, 5m, 1h [default: 10m]'
            cand --interval 'Time between polls, at least 1s [default: 5s]'
            cand --request-timeout 'Limit for one HTTP exchange, connect included [default: 30s]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --expect-via 'Some hop answered from this address, network or host name (repeatable)'
            cand --max-rtt 'The destination''s average round-trip time is at most this: 40ms, 0.5ms, 1.5s'
            cand --max-loss 'Loss at the destination''s hop is at most this many percent'
            cand --expect-path 'The path is the one in FILE, a task saved earlier with --json (- reads stdin)'
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand --device 'Device family [default: profile key `device`, else gateway]'
            cand --ipv6 'cx: trace over IPv6 (`useIpv6`)'
            cand --management-interface 'cx: send from the management interface (`useManagementInterface`)'
            cand --no-wait 'Make one request, print the current state, do not poll'
            cand --json 'Short for `-o json`: the task document as the API returned it'
            cand --raw 'Short for `-o raw`: the device''s own traceroute text'
            cand --no-progress 'No progress bar, even on a terminal'
            cand --expect-reach 'The destination was reached'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'gwtrace;tasks'= {
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand --device 'Device family [default: profile key `device`, else gateway]'
            cand --json 'Print the task list as the API returned it'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'gwtrace;auth'= {
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand --device 'Device family [default: profile key `device`, else gateway]'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand status 'Show the profile, base URL, token source and expiry; check the token with Central'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gwtrace;auth;status'= {
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand --device 'Device family [default: profile key `device`, else gateway]'
            cand --offline 'Send nothing: only show what is configured'
            cand --json 'Print the report as JSON'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'gwtrace;auth;help'= {
            cand status 'Show the profile, base URL, token source and expiry; check the token with Central'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gwtrace;auth;help;status'= {
        }
        &'gwtrace;auth;help;help'= {
        }
        &'gwtrace;config'= {
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand --device 'Device family [default: profile key `device`, else gateway]'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand path 'Print the path of the config file in use'
            cand init 'Write a commented template for the profile given by --profile (default: `default`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gwtrace;config;path'= {
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand --device 'Device family [default: profile key `device`, else gateway]'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'gwtrace;config;init'= {
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand --device 'Device family [default: profile key `device`, else gateway]'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'gwtrace;config;help'= {
            cand path 'Print the path of the config file in use'
            cand init 'Write a commented template for the profile given by --profile (default: `default`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gwtrace;config;help;path'= {
        }
        &'gwtrace;config;help;init'= {
        }
        &'gwtrace;config;help;help'= {
        }
        &'gwtrace;demo'= {
            cand --serial 'The simulated device; a prefix such as FAIL or OFFLINE picks a scenario (see `sim --help`)'
            cand --gateway 'The simulated device; a prefix such as FAIL or OFFLINE picks a scenario (see `sim --help`)'
            cand --destination 'Where the simulated traceroute goes'
            cand --task-seconds 'How long a simulated task runs, in seconds'
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
            cand --device 'Device family [default: profile key `device`, else gateway]'
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
        &'gwtrace;diff'= {
            cand --rtt-threshold 'Show a hop''s average round-trip time as moved beyond this; never a change of path'
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand --device 'Device family [default: profile key `device`, else gateway]'
            cand --json 'Print the comparison as one JSON document'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'gwtrace;sim'= {
            cand --listen 'Address to listen on; loopback unless you name another'
            cand --task-seconds 'How long a simulated task runs, in seconds'
            cand --rate-limit 'Answer 429 to any request beyond N in one second, like an account''s limit'
            cand -p 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --profile 'Profile to use [default: `default_profile` from the file, else `default`]'
            cand --config 'Config file [default: <config dir>/gwtrace/config.toml]'
            cand --base-url 'Override the profile''s base URL (https://, or http:// on loopback only)'
            cand --color 'When to use colour on stderr (NO_COLOR is honoured)'
            cand --device 'Device family [default: profile key `device`, else gateway]'
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
            cand --device 'Device family [default: profile key `device`, else gateway]'
            cand -q 'No progress bar and no notices; errors still go to stderr'
            cand --quiet 'No progress bar and no notices; errors still go to stderr'
            cand -v 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand --verbose 'One stderr line per HTTP exchange (method, path, status, time); never the token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'gwtrace;help'= {
            cand status 'Show a traceroute task; waits while it runs'
            cand start 'Start a traceroute on a device, then wait like `status`'
            cand tasks 'List a device''s active and recent troubleshooting tasks'
            cand auth 'Which profile, base URL and token source are in use; checks the token'
            cand config 'The config file: where it is, or write a commented template'
            cand demo 'The whole flow against a built-in simulated Central: no account or config needed'
            cand diff 'Compare two traces saved with --json hop by hop; exit 11 when the path changed'
            cand sim 'Serve the simulated Central API on a local port, for trying scripts offline'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gwtrace;help;status'= {
        }
        &'gwtrace;help;start'= {
        }
        &'gwtrace;help;tasks'= {
        }
        &'gwtrace;help;auth'= {
            cand status 'Show the profile, base URL, token source and expiry; check the token with Central'
        }
        &'gwtrace;help;auth;status'= {
        }
        &'gwtrace;help;config'= {
            cand path 'Print the path of the config file in use'
            cand init 'Write a commented template for the profile given by --profile (default: `default`)'
        }
        &'gwtrace;help;config;path'= {
        }
        &'gwtrace;help;config;init'= {
        }
        &'gwtrace;help;demo'= {
        }
        &'gwtrace;help;diff'= {
        }
        &'gwtrace;help;sim'= {
        }
        &'gwtrace;help;completions'= {
        }
        &'gwtrace;help;help'= {
        }
    ]
    $completions[$command]
}
