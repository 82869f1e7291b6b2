# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_gwtrace_global_optspecs
    string join \n p/profile= config= base-url= q/quiet v/verbose color= no-record device= h/help V/version
end

function __fish_gwtrace_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_gwtrace_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_gwtrace_using_subcommand
    set -l cmd (__fish_gwtrace_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c gwtrace -n "__fish_gwtrace_needs_command" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_needs_command" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_needs_command" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_needs_command" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_needs_command" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_needs_command" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -s V -l version -d 'Print version'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "status" -d 'Show a traceroute (or, with --test ping, a ping) task; waits while it runs'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "start" -d 'Start a traceroute on a device, then wait like `status`'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "ping" -d 'Ping from a device: every echo, loss, min/avg/max/stdev and jitter'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "tasks" -d 'List a device\'s active and recent troubleshooting tasks'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "auth" -d 'Which profile, base URL and token source are in use; checks the token'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "config" -d 'The config file: where it is, or write a commented template'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "demo" -d 'The whole flow against a built-in simulated Central: no account or config needed'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "diff" -d 'Compare two traces saved with --json hop by hop; exit 11 when the path changed'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "map" -d 'Draw the paths of many traces as one picture: DOT, SVG or a self-contained HTML page'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "watch" -d 'Trace on a schedule: record every round, say when a path changes, export metrics'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "history" -d 'The traces recorded so far: list them, show one in any format, export, import or prune'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "sim" -d 'Serve the simulated Central API on a local port, for trying scripts offline'
complete -c gwtrace -n "__fish_gwtrace_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l test -d 'Which test the task runs: traceroute, or ping (`gwtrace ping` starts those)' -r -f -a "traceroute\t'A traceroute (`traceroute`)'
ping\t'A ping (`ping`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l timeout -d 'Deadline for waiting for a task, e.g. 90s, 5m, 1h [default: 10m]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l interval -d 'Time between polls, at least 1s [default: 5s]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l request-timeout -d 'Limit for one HTTP exchange, connect included [default: 30s]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -s o -l output -d 'Output format' -r -f -a "table\t'mtr-style: a row per responder with loss and best/avg/worst, and whether it was reached'
raw\t'The device\'s own traceroute text, byte for byte'
json\t'The task document as the API returned it, pretty-printed'
csv\t'hop,address,hostname,rtt_ms: one row per probe'
mtr-json\t'The report `mtr --json` writes (report.mtr, report.hubs)'
dot\t'A map of the path(s) as Graphviz DOT'
svg\t'A map of the path(s) drawn as SVG'
html\t'A map as one self-contained HTML page: the SVG, a legend, a table of devices'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l expect-via -d 'Some hop answered from this address, network or host name (repeatable)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l max-rtt -d 'The destination\'s average round-trip time is at most this: 40ms, 0.5ms, 1.5s' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l max-loss -d 'Loss at the destination\'s hop is at most this many percent' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l expect-path -d 'The path is the one in FILE, a task saved earlier with --json (- reads stdin), or a recorded trace: @last, @prev, @ID' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l latest -d 'Read the device\'s newest task of the test (from its task list) instead of a task id'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l no-wait -d 'Make one request, print the current state, do not poll'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l json -d 'Short for `-o json`: the task document as the API returned it'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l raw -d 'Short for `-o raw`: the device\'s own traceroute text'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l no-progress -d 'No progress bar, even on a terminal'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l expect-reach -d 'The destination was reached'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l hop-pings -d 'After the trace, ping every responder (and the destination) N times from the same device, 1 to 100, and show loss and times from those pings, telling loss at a hop from loss through it (as pathping does)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l serials-file -d 'Trace from every device in FILE: one serial per line, # comments (- reads stdin)' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l concurrency -d 'How many devices to trace at once' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l max-rate -d 'Requests per second for the whole run, every request counted [default with --serials-file: 5]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l vlan-ip -d 'gateway: source VLAN IP address (the API\'s `vlanIp`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l source-interface -d 'ap: the port to send from; aos-s: loopback, vlan-interface or ip-address (optional, follows from the option below) (`sourceInterface`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l vrf -d 'cx: the VRF to trace in (`vrfName`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l loopback-port -d 'aos-s: send from this loopback interface, 0 to 7 (`loopbackPort`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l source-vlan -d 'aos-s: send from this VLAN\'s interface, 1 to 4094 (`vlan`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l source-ip -d 'aos-s: send from this IP address (`ipAddress`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l timeout -d 'Deadline for waiting for a task, e.g. 90s, 5m, 1h [default: 10m]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l interval -d 'Time between polls, at least 1s [default: 5s]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l request-timeout -d 'Limit for one HTTP exchange, connect included [default: 30s]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -s o -l output -d 'Output format' -r -f -a "table\t'mtr-style: a row per responder with loss and best/avg/worst, and whether it was reached'
raw\t'The device\'s own traceroute text, byte for byte'
json\t'The task document as the API returned it, pretty-printed'
csv\t'hop,address,hostname,rtt_ms: one row per probe'
mtr-json\t'The report `mtr --json` writes (report.mtr, report.hubs)'
dot\t'A map of the path(s) as Graphviz DOT'
svg\t'A map of the path(s) drawn as SVG'
html\t'A map as one self-contained HTML page: the SVG, a legend, a table of devices'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l expect-via -d 'Some hop answered from this address, network or host name (repeatable)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l max-rtt -d 'The destination\'s average round-trip time is at most this: 40ms, 0.5ms, 1.5s' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l max-loss -d 'Loss at the destination\'s hop is at most this many percent' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l expect-path -d 'The path is the one in FILE, a task saved earlier with --json (- reads stdin), or a recorded trace: @last, @prev, @ID' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l ipv6 -d 'cx: trace over IPv6 (`useIpv6`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l management-interface -d 'cx: send from the management interface (`useManagementInterface`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l no-wait -d 'Make one request, print the current state, do not poll'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l json -d 'Short for `-o json`: the task document as the API returned it'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l raw -d 'Short for `-o raw`: the device\'s own traceroute text'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l no-progress -d 'No progress bar, even on a terminal'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l expect-reach -d 'The destination was reached'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand start" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -s c -l count -d 'Echoes to send, 1 to 100 (`count`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -s s -l size -d 'Bytes of each echo: 10 to 2000 on gateways and access points (`packetSize`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l serials-file -d 'Trace from every device in FILE: one serial per line, # comments (- reads stdin)' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l concurrency -d 'How many devices to trace at once' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l max-rate -d 'Requests per second for the whole run, every request counted [default with --serials-file: 5]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l ttl -d 'gateway: time to live of each echo, 1 to 255 (`ttl`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l dscp -d 'gateway: DSCP value of each echo, 0 to 63 (`dscp`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l source-interface -d 'gateway: the interface to send from (`sourceInterface`); ap: the port (`interfacePort`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l source-vlan -d 'gateway, ap, aos-s: the VLAN to send from, 1 to 4094 (`vlan`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l role -d 'ap: the user role to ping as (`role`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l vrf -d 'cx: the VRF to ping in (`vrfName`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l loopback-port -d 'aos-s: send from this loopback interface, 0 to 7 (`loopbackPort`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l source-ip -d 'aos-s: send from this IP address (`ipAddress`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l timeout -d 'Deadline for waiting for a task, e.g. 90s, 5m, 1h [default: 10m]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l interval -d 'Time between polls, at least 1s [default: 5s]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l request-timeout -d 'Limit for one HTTP exchange, connect included [default: 30s]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -s o -l output -d 'Output format' -r -f -a "table\t'mtr-style: a row per responder with loss and best/avg/worst, and whether it was reached'
raw\t'The device\'s own traceroute text, byte for byte'
json\t'The task document as the API returned it, pretty-printed'
csv\t'hop,address,hostname,rtt_ms: one row per probe'
mtr-json\t'The report `mtr --json` writes (report.mtr, report.hubs)'
dot\t'A map of the path(s) as Graphviz DOT'
svg\t'A map of the path(s) drawn as SVG'
html\t'A map as one self-contained HTML page: the SVG, a legend, a table of devices'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l max-loss -d 'At most this many percent of the echoes were lost' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l max-rtt -d 'The average round-trip time is at most this: 40ms, 0.5ms, 1.5s' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l max-jitter -d 'Jitter (mean difference of consecutive round-trip times) is at most this; needs per-echo times, which a gateway does not report' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l dont-fragment -d 'gateway: don\'t-fragment bit set (`dontFragmentFlag`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l ipv6 -d 'gateway, cx, aos-s: ping over IPv6 (`useIpv6`; implied by an IPv6 destination)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l management-interface -d 'cx: send from the management interface (`useManagementInterface`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l no-wait -d 'Make one request, print the current state, do not poll'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l json -d 'Short for `-o json`: the task document as the API returned it'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l raw -d 'Short for `-o raw`: the device\'s own traceroute text'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l no-progress -d 'No progress bar, even on a terminal'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l expect-reach -d 'At least one echo was answered'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand ping" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand tasks" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand tasks" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand tasks" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand tasks" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand tasks" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand tasks" -l json -d 'Print the task list as the API returned it'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand tasks" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand tasks" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand tasks" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand tasks" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and not __fish_seen_subcommand_from status" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and not __fish_seen_subcommand_from status" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and not __fish_seen_subcommand_from status" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and not __fish_seen_subcommand_from status" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and not __fish_seen_subcommand_from status" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and not __fish_seen_subcommand_from status" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and not __fish_seen_subcommand_from status" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and not __fish_seen_subcommand_from status" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and not __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and not __fish_seen_subcommand_from status" -f -a "status" -d 'Show the profile, base URL, token source and expiry; check the token with Central'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and __fish_seen_subcommand_from status" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and __fish_seen_subcommand_from status" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and __fish_seen_subcommand_from status" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and __fish_seen_subcommand_from status" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and __fish_seen_subcommand_from status" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and __fish_seen_subcommand_from status" -l offline -d 'Send nothing: only show what is configured'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and __fish_seen_subcommand_from status" -l json -d 'Print the report as JSON'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and __fish_seen_subcommand_from status" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and not __fish_seen_subcommand_from path init" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and not __fish_seen_subcommand_from path init" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and not __fish_seen_subcommand_from path init" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and not __fish_seen_subcommand_from path init" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and not __fish_seen_subcommand_from path init" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and not __fish_seen_subcommand_from path init" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and not __fish_seen_subcommand_from path init" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and not __fish_seen_subcommand_from path init" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and not __fish_seen_subcommand_from path init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and not __fish_seen_subcommand_from path init" -f -a "path" -d 'Print the path of the config file in use'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and not __fish_seen_subcommand_from path init" -f -a "init" -d 'Write a commented template for the profile given by --profile (default: `default`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from path" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from path" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from path" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from path" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from path" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from path" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from init" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from init" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from init" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from init" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from init" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from init" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l serial -l gateway -d 'The simulated device; a prefix such as FAIL or OFFLINE picks a scenario (see `sim --help`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l destination -d 'Where the simulated traceroute goes' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l task-seconds -d 'How long a simulated task runs, in seconds' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l hop-pings -d 'Ping every hop N times after the trace; without --serial, from two devices that show the two kinds of loss: a router limiting its own replies, and a lossy link' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l timeout -d 'Deadline for waiting for a task, e.g. 90s, 5m, 1h [default: 10m]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l interval -d 'Time between polls, at least 1s [default: 5s]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l request-timeout -d 'Limit for one HTTP exchange, connect included [default: 30s]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -s o -l output -d 'Output format' -r -f -a "table\t'mtr-style: a row per responder with loss and best/avg/worst, and whether it was reached'
raw\t'The device\'s own traceroute text, byte for byte'
json\t'The task document as the API returned it, pretty-printed'
csv\t'hop,address,hostname,rtt_ms: one row per probe'
mtr-json\t'The report `mtr --json` writes (report.mtr, report.hubs)'
dot\t'A map of the path(s) as Graphviz DOT'
svg\t'A map of the path(s) drawn as SVG'
html\t'A map as one self-contained HTML page: the SVG, a legend, a table of devices'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l no-wait -d 'Make one request, print the current state, do not poll'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l json -d 'Short for `-o json`: the task document as the API returned it'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l raw -d 'Short for `-o raw`: the device\'s own traceroute text'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l no-progress -d 'No progress bar, even on a terminal'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -l rtt-threshold -d 'Show a hop\'s average round-trip time as moved beyond this; never a change of path' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -l serial -d 'The device whose recorded traces @last and @prev are' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -l dest -d 'With --serial: only its traces to this destination' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -l json -d 'Print the comparison as one JSON document'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -l serials-file -d 'The devices whose @last or @prev traces to draw, one serial per line (- reads stdin); without INPUT, each one\'s latest recorded trace' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -l serial -d 'A device whose @last or @prev trace to draw (repeatable); without INPUT, its latest recorded trace' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -l dest -d 'With @last, @prev or --serials-file: only traces to this destination' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -s o -l output -d 'Output format' -r -f -a "dot\t'Graphviz DOT (`dot -Tsvg`, `dot -Tpng`)'
svg\t'SVG drawn by gwtrace itself'
html\t'One self-contained HTML page: the SVG, a legend, a table of devices'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand map" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l every -d 'Time from the start of one round to the start of the next: 5m, 30s, 1h' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l file -d 'Watch every target of a watch file: groups of devices and destinations with their own checks and schedules (docs/configuration.md); SIGHUP reloads it' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l daily-budget -d 'Requests a day the watch may make in all; rounds are stretched to keep within it (Central\'s X-RateLimit-Remaining-day, where it sends one, counts first)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l ping -d 'Also ping the destination N times from each device every round, 1 to 100: loss and round-trip times as metrics, and --max-loss, --max-rtt and --expect-reach judged on the ping' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l hop-pings -d 'After each trace, ping every responder of the path N times, 1 to 100 (as `start --hop-pings`): loss per hop and forwarded loss as metrics, the checks judged on the destination\'s pings (its ping metrics too)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l rounds -d 'Stop after this many rounds' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l metrics-listen -d 'Serve Prometheus metrics at http://ADDR/metrics (e.g. 127.0.0.1:9464)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l metrics-file -d 'Write the metrics to PATH after each round (node_exporter\'s textfile format)' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l timeout -d 'Deadline for waiting for a task, e.g. 90s, 5m, 1h [default: 10m]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l interval -d 'Time between polls, at least 1s [default: 5s]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l request-timeout -d 'Limit for one HTTP exchange, connect included [default: 30s]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l serials-file -d 'Trace from every device in FILE: one serial per line, # comments (- reads stdin)' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l concurrency -d 'How many devices to trace at once' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l max-rate -d 'Requests per second for the whole run, every request counted [default with --serials-file: 5]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l vlan-ip -d 'gateway: source VLAN IP address (the API\'s `vlanIp`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l source-interface -d 'ap: the port to send from; aos-s: loopback, vlan-interface or ip-address (optional, follows from the option below) (`sourceInterface`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l vrf -d 'cx: the VRF to trace in (`vrfName`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l loopback-port -d 'aos-s: send from this loopback interface, 0 to 7 (`loopbackPort`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l source-vlan -d 'aos-s: send from this VLAN\'s interface, 1 to 4094 (`vlan`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l source-ip -d 'aos-s: send from this IP address (`ipAddress`)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l expect-via -d 'Some hop answered from this address, network or host name (repeatable)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l max-rtt -d 'The destination\'s average round-trip time is at most this: 40ms, 0.5ms, 1.5s' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l max-loss -d 'Loss at the destination\'s hop is at most this many percent' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l expect-path -d 'The path is the one in FILE, a task saved earlier with --json (- reads stdin), or a recorded trace: @last, @prev, @ID' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l check -d 'With --file: check the file, print its targets and the requests they cost a round and a day, and exit (2 when the file is wrong or over its daily budget); nothing is sent'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l changes -d 'Print only events (path changed, reached or not, checks failing or passing, errors), not a line per device per round'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l until-change -d 'Stop at the first path change, with exit 11'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l json -d 'One JSON object per event per line (NDJSON)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l ipv6 -d 'cx: trace over IPv6 (`useIpv6`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l management-interface -d 'cx: send from the management interface (`useManagementInterface`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l expect-reach -d 'The destination was reached'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand watch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -l dest -d 'Only traces to this destination' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -l since -d 'Only traces recorded within this long: 24h, 7d' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -l test -d 'Which recorded tasks: traceroutes, or pings (`gwtrace ping`, `--hop-pings`)' -r -f -a "traceroute\t'A traceroute (`traceroute`)'
ping\t'A ping (`ping`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -l limit -d 'At most this many traces, newest first' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -l json -d 'One JSON object per trace per line'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -a "show" -d 'Print a recorded trace, as `status` would have'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -a "prune" -d 'Delete the traces recorded longer ago than a duration (or before a time), and give the space back'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -a "export" -d 'Print recorded traces as NDJSON, oldest first: one line per trace, its metadata and its task document (`task`), the form `history import` reads'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and not __fish_seen_subcommand_from show prune export import" -a "import" -d 'Record traces saved with --json (task documents, a fleet\'s NDJSON, an export) under the profile in use'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "table\t'mtr-style: a row per responder with loss and best/avg/worst, and whether it was reached'
raw\t'The device\'s own traceroute text, byte for byte'
json\t'The task document as the API returned it, pretty-printed'
csv\t'hop,address,hostname,rtt_ms: one row per probe'
mtr-json\t'The report `mtr --json` writes (report.mtr, report.hubs)'
dot\t'A map of the path(s) as Graphviz DOT'
svg\t'A map of the path(s) drawn as SVG'
html\t'A map as one self-contained HTML page: the SVG, a legend, a table of devices'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from show" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from show" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from show" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from show" -l json -d 'Short for `-o json`: the task document as the API returned it'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from show" -l raw -d 'Short for `-o raw`: the device\'s own traceroute text'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from show" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from show" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from show" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from prune" -l older-than -d '30d, 12h…' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from prune" -l before -d 'Every trace recorded before this time (RFC 3339: 2026-12-01T00:00:00Z)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from prune" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from prune" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from prune" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from prune" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from prune" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from prune" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from export" -l dest -d 'Only traces to this destination' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from export" -l since -d 'Only traces recorded within this long: 24h, 7d' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from export" -l test -d 'Which recorded tasks: traceroutes, or pings (`gwtrace ping`, `--hop-pings`)' -r -f -a "traceroute\t'A traceroute (`traceroute`)'
ping\t'A ping (`ping`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from export" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from export" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from export" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from export" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from export" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from export" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from export" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from export" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from import" -l serial -d 'The device of task documents saved alone (a fleet line or an export names its own)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from import" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from import" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from import" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from import" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from import" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from import" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from import" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from import" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand history; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -l listen -d 'Address to listen on; loopback unless you name another' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -l task-seconds -d 'How long a simulated task runs, in seconds' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -l rate-limit -d 'Answer 429 to any request beyond N in one second, like an account\'s limit' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -l path-change-every -d 'Switch each device\'s path to another every N traces to a destination, so that `watch` sees changes' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -l api-version -d 'Serve only this API version (v1 or v1alpha1), as a tenant that has not moved to v1 [default: both]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand sim" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand completions" -s p -l profile -d 'Profile to use [default: `default_profile` from the file, else `default`]' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand completions" -l config -d 'Config file [default: <config dir>/gwtrace/config.toml]' -r -F
complete -c gwtrace -n "__fish_gwtrace_using_subcommand completions" -l base-url -d 'Override the profile\'s base URL (https://, or http:// on loopback only)' -r
complete -c gwtrace -n "__fish_gwtrace_using_subcommand completions" -l color -d 'When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or TERM=dumb), always (wins over both) or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand completions" -l device -d 'Device family [default: profile key `device`, else gateway]' -r -f -a "gateway\t'A gateway (the API\'s `gateways`)'
ap\t'An access point (`aps`)'
cx\t'An AOS-CX switch (`cx`)'
aos-s\t'An AOS-S switch (`aos-s`)'"
complete -c gwtrace -n "__fish_gwtrace_using_subcommand completions" -s q -l quiet -d 'No progress bar and no notices; errors still go to stderr'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand completions" -s v -l verbose -d 'One stderr line per HTTP exchange (method, path, status, time); never the token'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand completions" -l no-record -d 'Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)'
complete -c gwtrace -n "__fish_gwtrace_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
