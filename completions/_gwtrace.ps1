
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'gwtrace' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'gwtrace'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'gwtrace' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a traceroute task; waits while it runs')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start a traceroute on a device, then wait like `status`')
            [CompletionResult]::new('tasks', 'tasks', [CompletionResultType]::ParameterValue, 'List a device''s active and recent troubleshooting tasks')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Which profile, base URL and token source are in use; checks the token')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The config file: where it is, or write a commented template')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'The whole flow against a built-in simulated Central: no account or config needed')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two traces saved with --json hop by hop; exit 11 when the path changed')
            [CompletionResult]::new('sim', 'sim', [CompletionResultType]::ParameterValue, 'Serve the simulated Central API on a local port, for trying scripts offline')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            break
        }
        'gwtrace;status' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for waiting, e.g. 90s, 5m, 1h [default: 10m]')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between polls, at least 1s [default: 5s]')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Limit for one HTTP exchange, connect included [default: 30s]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--expect-via', '--expect-via', [CompletionResultType]::ParameterName, 'Some hop answered from this address, network or host name (repeatable)')
            [CompletionResult]::new('--max-rtt', '--max-rtt', [CompletionResultType]::ParameterName, 'The destination''s average round-trip time is at most this: 40ms, 0.5ms, 1.5s')
            [CompletionResult]::new('--max-loss', '--max-loss', [CompletionResultType]::ParameterName, 'Loss at the destination''s hop is at most this many percent')
            [CompletionResult]::new('--expect-path', '--expect-path', [CompletionResultType]::ParameterName, 'The path is the one in FILE, a task saved earlier with --json (- reads stdin)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('--latest', '--latest', [CompletionResultType]::ParameterName, 'Read the device''s newest traceroute task (from its task list) instead of a task id')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Make one request, print the current state, do not poll')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for `-o json`: the task document as the API returned it')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Short for `-o raw`: the device''s own traceroute text')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal')
            [CompletionResult]::new('--expect-reach', '--expect-reach', [CompletionResultType]::ParameterName, 'The destination was reached')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gwtrace;start' {
            [CompletionResult]::new('--serials-file', '--serials-file', [CompletionResultType]::ParameterName, 'Trace from every device in FILE: one serial per line, # comments (- reads stdin)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many devices to trace at once')
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Requests per second for the whole run, every request counted [default with --serials-file: 5]')
            [CompletionResult]::new('--vlan-ip', '--vlan-ip', [CompletionResultType]::ParameterName, 'gateway: source VLAN IP address (the API''s `vlanIp`)')
            [CompletionResult]::new('--source-interface', '--source-interface', [CompletionResultType]::ParameterName, 'ap: the port to send from; aos-s: loopback, vlan-interface or ip-address (optional, follows from the option below) (`sourceInterface`)')
            [CompletionResult]::new('--vrf', '--vrf', [CompletionResultType]::ParameterName, 'cx: the VRF to trace in (`vrfName`)')
            [CompletionResult]::new('--loopback-port', '--loopback-port', [CompletionResultType]::ParameterName, 'aos-s: send from this loopback interface, 0 to 7 (`loopbackPort`)')
            [CompletionResult]::new('--source-vlan', '--source-vlan', [CompletionResultType]::ParameterName, 'aos-s: send from this VLAN''s interface, 1 to 4094 (`vlan`)')
            [CompletionResult]::new('--source-ip', '--source-ip', [CompletionResultType]::ParameterName, 'aos-s: send from this IP address (`ipAddress`)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for waiting, e.g. 90s, 5m, 1h [default: 10m]')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between polls, at least 1s [default: 5s]')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Limit for one HTTP exchange, connect included [default: 30s]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--expect-via', '--expect-via', [CompletionResultType]::ParameterName, 'Some hop answered from this address, network or host name (repeatable)')
            [CompletionResult]::new('--max-rtt', '--max-rtt', [CompletionResultType]::ParameterName, 'The destination''s average round-trip time is at most this: 40ms, 0.5ms, 1.5s')
            [CompletionResult]::new('--max-loss', '--max-loss', [CompletionResultType]::ParameterName, 'Loss at the destination''s hop is at most this many percent')
            [CompletionResult]::new('--expect-path', '--expect-path', [CompletionResultType]::ParameterName, 'The path is the one in FILE, a task saved earlier with --json (- reads stdin)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('--ipv6', '--ipv6', [CompletionResultType]::ParameterName, 'cx: trace over IPv6 (`useIpv6`)')
            [CompletionResult]::new('--management-interface', '--management-interface', [CompletionResultType]::ParameterName, 'cx: send from the management interface (`useManagementInterface`)')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Make one request, print the current state, do not poll')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for `-o json`: the task document as the API returned it')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Short for `-o raw`: the device''s own traceroute text')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal')
            [CompletionResult]::new('--expect-reach', '--expect-reach', [CompletionResultType]::ParameterName, 'The destination was reached')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gwtrace;tasks' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the task list as the API returned it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gwtrace;auth' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the profile, base URL, token source and expiry; check the token with Central')
            break
        }
        'gwtrace;auth;status' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Send nothing: only show what is configured')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gwtrace;config' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file in use')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented template for the profile given by --profile (default: `default`)')
            break
        }
        'gwtrace;config;path' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gwtrace;config;init' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gwtrace;demo' {
            [CompletionResult]::new('--serial', '--serial', [CompletionResultType]::ParameterName, 'The simulated device; a prefix such as FAIL or OFFLINE picks a scenario (see `sim --help`)')
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'The simulated device; a prefix such as FAIL or OFFLINE picks a scenario (see `sim --help`)')
            [CompletionResult]::new('--destination', '--destination', [CompletionResultType]::ParameterName, 'Where the simulated traceroute goes')
            [CompletionResult]::new('--task-seconds', '--task-seconds', [CompletionResultType]::ParameterName, 'How long a simulated task runs, in seconds')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall deadline for waiting, e.g. 90s, 5m, 1h [default: 10m]')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between polls, at least 1s [default: 5s]')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Limit for one HTTP exchange, connect included [default: 30s]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Make one request, print the current state, do not poll')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for `-o json`: the task document as the API returned it')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Short for `-o raw`: the device''s own traceroute text')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gwtrace;diff' {
            [CompletionResult]::new('--rtt-threshold', '--rtt-threshold', [CompletionResultType]::ParameterName, 'Show a hop''s average round-trip time as moved beyond this; never a change of path')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the comparison as one JSON document')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gwtrace;sim' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on; loopback unless you name another')
            [CompletionResult]::new('--task-seconds', '--task-seconds', [CompletionResultType]::ParameterName, 'How long a simulated task runs, in seconds')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Answer 429 to any request beyond N in one second, like an account''s limit')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Serve only this API version (v1 or v1alpha1), as a tenant that has not moved to v1 [default: both]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gwtrace;completions' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [default: `default_profile` from the file, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/gwtrace/config.toml]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Override the profile''s base URL (https://, or http:// on loopback only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR), always (wins over NO_COLOR) or never')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device family [default: profile key `device`, else gateway]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no notices; errors still go to stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'One stderr line per HTTP exchange (method, path, status, time); never the token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
