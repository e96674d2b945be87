# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_crossover_global_optspecs
    string join \n h/help V/version
end

function __fish_crossover_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_crossover_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_crossover_using_subcommand
    set -l cmd (__fish_crossover_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c crossover -n "__fish_crossover_needs_command" -s h -l help -d 'Print help'
complete -c crossover -n "__fish_crossover_needs_command" -s V -l version -d 'Print version'
complete -c crossover -n "__fish_crossover_needs_command" -f -a "scan" -d 'Collect and report in one run'
complete -c crossover -n "__fish_crossover_needs_command" -f -a "collect" -d 'Read every ALB and API Gateway API with its hourly CloudWatch usage into a snapshot'
complete -c crossover -n "__fish_crossover_needs_command" -f -a "report" -d 'Price and analyse a snapshot offline (no AWS credentials needed)'
complete -c crossover -n "__fish_crossover_needs_command" -f -a "diff" -d 'What changed between two JSON reports (added and removed resources, cost changes, blockers, recommendations)'
complete -c crossover -n "__fish_crossover_needs_command" -f -a "merge" -d 'Join snapshots (shards of one organization scan, or separate accounts) into one'
complete -c crossover -n "__fish_crossover_needs_command" -f -a "prices" -d 'The price book: show the one in force, or rebuild it from the AWS Price List API'
complete -c crossover -n "__fish_crossover_needs_command" -f -a "reconcile" -d 'Set a snapshot\'s modelled charges beside what AWS billed for the same days'
complete -c crossover -n "__fish_crossover_needs_command" -f -a "completions" -d 'Print the completion script for a shell on stdout'
complete -c crossover -n "__fish_crossover_needs_command" -f -a "man" -d 'Write the man pages (crossover.1 and one page per subcommand) into a folder. For packagers; docs/man holds the pages of this version'
complete -c crossover -n "__fish_crossover_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l profile -d 'Named profile (also AWS_PROFILE); the default credential chain otherwise' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l region -d 'Region to scan; repeatable or comma-separated. Default: the profile\'s region' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l org-role -d 'Scan every active account of the organization through this role (its name)' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l external-id -d 'The ExternalId the organization role requires' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l accounts -d 'Limit an organization scan to these account ids (repeatable or comma-separated)' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l shard -d 'Read only slice I of N of the organization\'s accounts (0-based: 0/4 … 3/4), for array jobs' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l window-end -d 'End the window at this UTC hour instead of the last full hour (so that the shards of one run cover the same hours), e.g. 2026-11-25T08:00:00Z' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l endpoint-url -d 'Send every AWS call to this endpoint (emulators such as moto)' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l days -d 'Look-back window in whole days' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l concurrency -d 'Regions scanned at once' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l prices -d 'A price book (CSV) that replaces the embedded one, or overrides (JSON) on top of it' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l timeout -d 'Give up on one AWS call (retries included) after this many seconds' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l format -d 'Report format' -r -f -a "markdown\t''
json\t''
csv\t''"
complete -c crossover -n "__fish_crossover_using_subcommand scan" -s o -l output -d 'Write the report here instead of stdout' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l output-dir -d 'Write report.md, report.json, report.csv and the snapshot here, named by collection time' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l min-savings -d 'Smallest monthly saving worth a recommendation, in USD (10% of today\'s cost also applies)' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l fail-on-savings -d 'Exit 4 when the monthly savings found exceed this many USD' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l websocket-session-minutes -d 'Mean WebSocket session length in minutes, for connection-minute estimates' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l effort -d 'Migration effort per feature gap and direction (engineer days, JSON; see docs/effort.md)' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l day-rate -d 'Cost of an engineer day in USD, for a migration\'s one-off cost and payback' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l max-payback-months -d 'A migration is recommended only if it pays back within this many months' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l group-by -d 'Subtotals and actions per group: account, region, kind or tag:KEY (e.g. tag:team)' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l details -d 'Full detail in the Markdown report for the top N resources by saving, or all' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l save-snapshot -d 'Also keep the snapshot the report was made from' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l reconcile -d 'Also reconcile with the bill: `cost-explorer`, `cur:PATH` or `cur:s3://BUCKET/PREFIX` (an AWS Data Exports export\'s folder), or `athena:DATABASE.TABLE` (the CUR 2.0 table, in the workgroup `primary`)' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l fail-on-drift -d 'With --reconcile: exit 5 when the modelled total differs from the billed total by more than this percent' -r
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l all-regions -d 'Every region enabled for each account (found with ec2:DescribeRegions)'
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l stats -d 'Print API calls per operation, the wall time and the scan\'s own CloudWatch cost on stderr'
complete -c crossover -n "__fish_crossover_using_subcommand scan" -s q -l quiet -d 'No progress or warnings on stderr'
complete -c crossover -n "__fish_crossover_using_subcommand scan" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c crossover -n "__fish_crossover_using_subcommand scan" -l redact -d 'Mask account ids in every output'
complete -c crossover -n "__fish_crossover_using_subcommand scan" -s h -l help -d 'Print help'
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l profile -d 'Named profile (also AWS_PROFILE); the default credential chain otherwise' -r
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l region -d 'Region to scan; repeatable or comma-separated. Default: the profile\'s region' -r
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l org-role -d 'Scan every active account of the organization through this role (its name)' -r
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l external-id -d 'The ExternalId the organization role requires' -r
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l accounts -d 'Limit an organization scan to these account ids (repeatable or comma-separated)' -r
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l shard -d 'Read only slice I of N of the organization\'s accounts (0-based: 0/4 … 3/4), for array jobs' -r
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l window-end -d 'End the window at this UTC hour instead of the last full hour (so that the shards of one run cover the same hours), e.g. 2026-11-25T08:00:00Z' -r
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l endpoint-url -d 'Send every AWS call to this endpoint (emulators such as moto)' -r
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l days -d 'Look-back window in whole days' -r
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l concurrency -d 'Regions scanned at once' -r
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l prices -d 'A price book (CSV) that replaces the embedded one, or overrides (JSON) on top of it' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l timeout -d 'Give up on one AWS call (retries included) after this many seconds' -r
complete -c crossover -n "__fish_crossover_using_subcommand collect" -s o -l output -d 'Where to write the snapshot (JSON)' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l all-regions -d 'Every region enabled for each account (found with ec2:DescribeRegions)'
complete -c crossover -n "__fish_crossover_using_subcommand collect" -l stats -d 'Print API calls per operation, the wall time and the scan\'s own CloudWatch cost on stderr'
complete -c crossover -n "__fish_crossover_using_subcommand collect" -s q -l quiet -d 'No progress or warnings on stderr'
complete -c crossover -n "__fish_crossover_using_subcommand collect" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c crossover -n "__fish_crossover_using_subcommand collect" -s h -l help -d 'Print help'
complete -c crossover -n "__fish_crossover_using_subcommand report" -l snapshot -d 'A snapshot written by `crossover collect` (or `scan --save-snapshot`)' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand report" -l prices -d 'A price book (CSV) that replaces the embedded one, or overrides (JSON) on top of it' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand report" -l format -d 'Report format' -r -f -a "markdown\t''
json\t''
csv\t''"
complete -c crossover -n "__fish_crossover_using_subcommand report" -s o -l output -d 'Write the report here instead of stdout' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand report" -l output-dir -d 'Write report.md, report.json, report.csv and the snapshot here, named by collection time' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand report" -l min-savings -d 'Smallest monthly saving worth a recommendation, in USD (10% of today\'s cost also applies)' -r
complete -c crossover -n "__fish_crossover_using_subcommand report" -l fail-on-savings -d 'Exit 4 when the monthly savings found exceed this many USD' -r
complete -c crossover -n "__fish_crossover_using_subcommand report" -l websocket-session-minutes -d 'Mean WebSocket session length in minutes, for connection-minute estimates' -r
complete -c crossover -n "__fish_crossover_using_subcommand report" -l effort -d 'Migration effort per feature gap and direction (engineer days, JSON; see docs/effort.md)' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand report" -l day-rate -d 'Cost of an engineer day in USD, for a migration\'s one-off cost and payback' -r
complete -c crossover -n "__fish_crossover_using_subcommand report" -l max-payback-months -d 'A migration is recommended only if it pays back within this many months' -r
complete -c crossover -n "__fish_crossover_using_subcommand report" -l group-by -d 'Subtotals and actions per group: account, region, kind or tag:KEY (e.g. tag:team)' -r
complete -c crossover -n "__fish_crossover_using_subcommand report" -l details -d 'Full detail in the Markdown report for the top N resources by saving, or all' -r
complete -c crossover -n "__fish_crossover_using_subcommand report" -l redact -d 'Mask account ids in every output'
complete -c crossover -n "__fish_crossover_using_subcommand report" -s h -l help -d 'Print help'
complete -c crossover -n "__fish_crossover_using_subcommand diff" -l format -r -f -a "markdown\t''
json\t''"
complete -c crossover -n "__fish_crossover_using_subcommand diff" -l threshold -d 'Smallest monthly cost change of a resource worth listing, in USD' -r
complete -c crossover -n "__fish_crossover_using_subcommand diff" -s o -l output -d 'Write the diff here instead of stdout' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand diff" -s h -l help -d 'Print help'
complete -c crossover -n "__fish_crossover_using_subcommand merge" -s o -l output -d 'Where to write the merged snapshot' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand merge" -s h -l help -d 'Print help'
complete -c crossover -n "__fish_crossover_using_subcommand prices; and not __fish_seen_subcommand_from show refresh help" -s h -l help -d 'Print help'
complete -c crossover -n "__fish_crossover_using_subcommand prices; and not __fish_seen_subcommand_from show refresh help" -f -a "show" -d 'Print the price book in force'
complete -c crossover -n "__fish_crossover_using_subcommand prices; and not __fish_seen_subcommand_from show refresh help" -f -a "refresh" -d 'Rebuild the price book from the AWS Price List Query API (pricing:GetProducts)'
complete -c crossover -n "__fish_crossover_using_subcommand prices; and not __fish_seen_subcommand_from show refresh help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c crossover -n "__fish_crossover_using_subcommand prices; and __fish_seen_subcommand_from show" -l region -d 'Only this region' -r
complete -c crossover -n "__fish_crossover_using_subcommand prices; and __fish_seen_subcommand_from show" -l prices -d 'A price book (CSV) or overrides (JSON) to show instead of the embedded book' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand prices; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c crossover -n "__fish_crossover_using_subcommand prices; and __fish_seen_subcommand_from refresh" -l region -d 'Regions to price; repeatable or comma-separated. Default: every region of the embedded book' -r
complete -c crossover -n "__fish_crossover_using_subcommand prices; and __fish_seen_subcommand_from refresh" -s o -l output -d 'Where to write the price book (CSV); stdout when absent' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand prices; and __fish_seen_subcommand_from refresh" -l profile -d 'Named profile (also AWS_PROFILE)' -r
complete -c crossover -n "__fish_crossover_using_subcommand prices; and __fish_seen_subcommand_from refresh" -l endpoint-url -d 'Send the Price List calls to this endpoint' -r
complete -c crossover -n "__fish_crossover_using_subcommand prices; and __fish_seen_subcommand_from refresh" -l timeout -d 'Give up on one call (retries included) after this many seconds' -r
complete -c crossover -n "__fish_crossover_using_subcommand prices; and __fish_seen_subcommand_from refresh" -s h -l help -d 'Print help'
complete -c crossover -n "__fish_crossover_using_subcommand prices; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the price book in force'
complete -c crossover -n "__fish_crossover_using_subcommand prices; and __fish_seen_subcommand_from help" -f -a "refresh" -d 'Rebuild the price book from the AWS Price List Query API (pricing:GetProducts)'
complete -c crossover -n "__fish_crossover_using_subcommand prices; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -l snapshot -d 'A snapshot written by `crossover collect` (or `scan --save-snapshot`)' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -l cur -d 'An AWS Data Exports export (CUR 2.0 or FOCUS 1.x, Parquet or gzip CSV): its own folder, the one that holds data/BILLING_PERIOD=YYYY-MM/' -r
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -l athena -d 'The CUR 2.0 table an organization queries in Athena: one SQL aggregation where the data lives. Starting a query writes its results to S3: see policies/crossover-athena-reconcile.json' -r
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -l profile -d 'Named profile (also AWS_PROFILE) for the AWS sources' -r
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -l region -d 'Region of the AWS clients (Cost Explorer itself answers in us-east-1)' -r
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -l endpoint-url -d 'Send every AWS call to this endpoint (emulators such as moto)' -r
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -l fail-on-drift -d 'Exit 5 when the modelled total differs from the billed total by more than this percent' -r
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -l format -d 'Report format (CSV: the reconciliation lines)' -r -f -a "markdown\t''
json\t''
csv\t''"
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -s o -l output -d 'Write the report here instead of stdout' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -l prices -d 'A price book (CSV) that replaces the embedded one, or overrides (JSON) on top of it' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -l athena-workgroup -d 'With --athena: the workgroup the query runs in (default: primary)' -r
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -l athena-output -d 'With --athena: where Athena writes the query\'s results, when the workgroup sets no output location (s3://BUCKET/PREFIX/)' -r
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -l cost-explorer -d 'Cost Explorer (GetCostAndUsage, daily, over the snapshot\'s window; per resource for the last 14 days where resource-level data is enabled). AWS bills $0.01 per request'
complete -c crossover -n "__fish_crossover_using_subcommand reconcile" -s h -l help -d 'Print help'
complete -c crossover -n "__fish_crossover_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c crossover -n "__fish_crossover_using_subcommand man" -s o -l output-dir -d 'The folder to write the pages into (created when missing)' -r -F
complete -c crossover -n "__fish_crossover_using_subcommand man" -s h -l help -d 'Print help'
complete -c crossover -n "__fish_crossover_using_subcommand help; and not __fish_seen_subcommand_from scan collect report diff merge prices reconcile completions man help" -f -a "scan" -d 'Collect and report in one run'
complete -c crossover -n "__fish_crossover_using_subcommand help; and not __fish_seen_subcommand_from scan collect report diff merge prices reconcile completions man help" -f -a "collect" -d 'Read every ALB and API Gateway API with its hourly CloudWatch usage into a snapshot'
complete -c crossover -n "__fish_crossover_using_subcommand help; and not __fish_seen_subcommand_from scan collect report diff merge prices reconcile completions man help" -f -a "report" -d 'Price and analyse a snapshot offline (no AWS credentials needed)'
complete -c crossover -n "__fish_crossover_using_subcommand help; and not __fish_seen_subcommand_from scan collect report diff merge prices reconcile completions man help" -f -a "diff" -d 'What changed between two JSON reports (added and removed resources, cost changes, blockers, recommendations)'
complete -c crossover -n "__fish_crossover_using_subcommand help; and not __fish_seen_subcommand_from scan collect report diff merge prices reconcile completions man help" -f -a "merge" -d 'Join snapshots (shards of one organization scan, or separate accounts) into one'
complete -c crossover -n "__fish_crossover_using_subcommand help; and not __fish_seen_subcommand_from scan collect report diff merge prices reconcile completions man help" -f -a "prices" -d 'The price book: show the one in force, or rebuild it from the AWS Price List API'
complete -c crossover -n "__fish_crossover_using_subcommand help; and not __fish_seen_subcommand_from scan collect report diff merge prices reconcile completions man help" -f -a "reconcile" -d 'Set a snapshot\'s modelled charges beside what AWS billed for the same days'
complete -c crossover -n "__fish_crossover_using_subcommand help; and not __fish_seen_subcommand_from scan collect report diff merge prices reconcile completions man help" -f -a "completions" -d 'Print the completion script for a shell on stdout'
complete -c crossover -n "__fish_crossover_using_subcommand help; and not __fish_seen_subcommand_from scan collect report diff merge prices reconcile completions man help" -f -a "man" -d 'Write the man pages (crossover.1 and one page per subcommand) into a folder. For packagers; docs/man holds the pages of this version'
complete -c crossover -n "__fish_crossover_using_subcommand help; and not __fish_seen_subcommand_from scan collect report diff merge prices reconcile completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c crossover -n "__fish_crossover_using_subcommand help; and __fish_seen_subcommand_from prices" -f -a "show" -d 'Print the price book in force'
complete -c crossover -n "__fish_crossover_using_subcommand help; and __fish_seen_subcommand_from prices" -f -a "refresh" -d 'Rebuild the price book from the AWS Price List Query API (pricing:GetProducts)'
