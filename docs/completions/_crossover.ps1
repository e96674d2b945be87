
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'crossover' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'crossover'
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
        'crossover' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Collect and report in one run')
            [CompletionResult]::new('collect', 'collect', [CompletionResultType]::ParameterValue, 'Read every ALB and API Gateway API with its hourly CloudWatch usage into a snapshot')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Price and analyse a snapshot offline (no AWS credentials needed)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'What changed between two JSON reports (added and removed resources, cost changes, blockers, recommendations)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Join snapshots (shards of one organization scan, or separate accounts) into one')
            [CompletionResult]::new('prices', 'prices', [CompletionResultType]::ParameterValue, 'The price book: show the one in force, or rebuild it from the AWS Price List API')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Set a snapshot''s modelled charges beside what AWS billed for the same days')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell on stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages (crossover.1 and one page per subcommand) into a folder. For packagers; docs/man holds the pages of this version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'crossover;scan' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile (also AWS_PROFILE); the default credential chain otherwise')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region to scan; repeatable or comma-separated. Default: the profile''s region')
            [CompletionResult]::new('--org-role', '--org-role', [CompletionResultType]::ParameterName, 'Scan every active account of the organization through this role (its name)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The ExternalId the organization role requires')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Limit an organization scan to these account ids (repeatable or comma-separated)')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Read only slice I of N of the organization''s accounts (0-based: 0/4 … 3/4), for array jobs')
            [CompletionResult]::new('--window-end', '--window-end', [CompletionResultType]::ParameterName, 'End the window at this UTC hour instead of the last full hour (so that the shards of one run cover the same hours), e.g. 2026-11-25T08:00:00Z')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (emulators such as moto)')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Look-back window in whole days')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Regions scanned at once')
            [CompletionResult]::new('--prices', '--prices', [CompletionResultType]::ParameterName, 'A price book (CSV) that replaces the embedded one, or overrides (JSON) on top of it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on one AWS call (retries included) after this many seconds')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report here instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report here instead of stdout')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'Write report.md, report.json, report.csv and the snapshot here, named by collection time')
            [CompletionResult]::new('--min-savings', '--min-savings', [CompletionResultType]::ParameterName, 'Smallest monthly saving worth a recommendation, in USD (10% of today''s cost also applies)')
            [CompletionResult]::new('--fail-on-savings', '--fail-on-savings', [CompletionResultType]::ParameterName, 'Exit 4 when the monthly savings found exceed this many USD')
            [CompletionResult]::new('--websocket-session-minutes', '--websocket-session-minutes', [CompletionResultType]::ParameterName, 'Mean WebSocket session length in minutes, for connection-minute estimates')
            [CompletionResult]::new('--effort', '--effort', [CompletionResultType]::ParameterName, 'Migration effort per feature gap and direction (engineer days, JSON; see docs/effort.md)')
            [CompletionResult]::new('--day-rate', '--day-rate', [CompletionResultType]::ParameterName, 'Cost of an engineer day in USD, for a migration''s one-off cost and payback')
            [CompletionResult]::new('--max-payback-months', '--max-payback-months', [CompletionResultType]::ParameterName, 'A migration is recommended only if it pays back within this many months')
            [CompletionResult]::new('--group-by', '--group-by', [CompletionResultType]::ParameterName, 'Subtotals and actions per group: account, region, kind or tag:KEY (e.g. tag:team)')
            [CompletionResult]::new('--details', '--details', [CompletionResultType]::ParameterName, 'Full detail in the Markdown report for the top N resources by saving, or all')
            [CompletionResult]::new('--save-snapshot', '--save-snapshot', [CompletionResultType]::ParameterName, 'Also keep the snapshot the report was made from')
            [CompletionResult]::new('--reconcile', '--reconcile', [CompletionResultType]::ParameterName, 'Also reconcile with the bill: `cost-explorer`, `cur:PATH` or `cur:s3://BUCKET/PREFIX` (an AWS Data Exports export''s folder), or `athena:DATABASE.TABLE` (the CUR 2.0 table, in the workgroup `primary`)')
            [CompletionResult]::new('--fail-on-drift', '--fail-on-drift', [CompletionResultType]::ParameterName, 'With --reconcile: exit 5 when the modelled total differs from the billed total by more than this percent')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region enabled for each account (found with ec2:DescribeRegions)')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print API calls per operation, the wall time and the scan''s own CloudWatch cost on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress or warnings on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask account ids in every output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'crossover;collect' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile (also AWS_PROFILE); the default credential chain otherwise')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region to scan; repeatable or comma-separated. Default: the profile''s region')
            [CompletionResult]::new('--org-role', '--org-role', [CompletionResultType]::ParameterName, 'Scan every active account of the organization through this role (its name)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The ExternalId the organization role requires')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Limit an organization scan to these account ids (repeatable or comma-separated)')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Read only slice I of N of the organization''s accounts (0-based: 0/4 … 3/4), for array jobs')
            [CompletionResult]::new('--window-end', '--window-end', [CompletionResultType]::ParameterName, 'End the window at this UTC hour instead of the last full hour (so that the shards of one run cover the same hours), e.g. 2026-11-25T08:00:00Z')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (emulators such as moto)')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Look-back window in whole days')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Regions scanned at once')
            [CompletionResult]::new('--prices', '--prices', [CompletionResultType]::ParameterName, 'A price book (CSV) that replaces the embedded one, or overrides (JSON) on top of it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on one AWS call (retries included) after this many seconds')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write the snapshot (JSON)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write the snapshot (JSON)')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region enabled for each account (found with ec2:DescribeRegions)')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print API calls per operation, the wall time and the scan''s own CloudWatch cost on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress or warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress or warnings on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'crossover;report' {
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'A snapshot written by `crossover collect` (or `scan --save-snapshot`)')
            [CompletionResult]::new('--prices', '--prices', [CompletionResultType]::ParameterName, 'A price book (CSV) that replaces the embedded one, or overrides (JSON) on top of it')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report here instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report here instead of stdout')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'Write report.md, report.json, report.csv and the snapshot here, named by collection time')
            [CompletionResult]::new('--min-savings', '--min-savings', [CompletionResultType]::ParameterName, 'Smallest monthly saving worth a recommendation, in USD (10% of today''s cost also applies)')
            [CompletionResult]::new('--fail-on-savings', '--fail-on-savings', [CompletionResultType]::ParameterName, 'Exit 4 when the monthly savings found exceed this many USD')
            [CompletionResult]::new('--websocket-session-minutes', '--websocket-session-minutes', [CompletionResultType]::ParameterName, 'Mean WebSocket session length in minutes, for connection-minute estimates')
            [CompletionResult]::new('--effort', '--effort', [CompletionResultType]::ParameterName, 'Migration effort per feature gap and direction (engineer days, JSON; see docs/effort.md)')
            [CompletionResult]::new('--day-rate', '--day-rate', [CompletionResultType]::ParameterName, 'Cost of an engineer day in USD, for a migration''s one-off cost and payback')
            [CompletionResult]::new('--max-payback-months', '--max-payback-months', [CompletionResultType]::ParameterName, 'A migration is recommended only if it pays back within this many months')
            [CompletionResult]::new('--group-by', '--group-by', [CompletionResultType]::ParameterName, 'Subtotals and actions per group: account, region, kind or tag:KEY (e.g. tag:team)')
            [CompletionResult]::new('--details', '--details', [CompletionResultType]::ParameterName, 'Full detail in the Markdown report for the top N resources by saving, or all')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask account ids in every output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'crossover;diff' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'Smallest monthly cost change of a resource worth listing, in USD')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the diff here instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the diff here instead of stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'crossover;merge' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write the merged snapshot')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write the merged snapshot')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'crossover;prices' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the price book in force')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Rebuild the price book from the AWS Price List Query API (pricing:GetProducts)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'crossover;prices;show' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Only this region')
            [CompletionResult]::new('--prices', '--prices', [CompletionResultType]::ParameterName, 'A price book (CSV) or overrides (JSON) to show instead of the embedded book')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'crossover;prices;refresh' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Regions to price; repeatable or comma-separated. Default: every region of the embedded book')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write the price book (CSV); stdout when absent')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write the price book (CSV); stdout when absent')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile (also AWS_PROFILE)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send the Price List calls to this endpoint')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on one call (retries included) after this many seconds')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'crossover;prices;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the price book in force')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Rebuild the price book from the AWS Price List Query API (pricing:GetProducts)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'crossover;prices;help;show' {
            break
        }
        'crossover;prices;help;refresh' {
            break
        }
        'crossover;prices;help;help' {
            break
        }
        'crossover;reconcile' {
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'A snapshot written by `crossover collect` (or `scan --save-snapshot`)')
            [CompletionResult]::new('--cur', '--cur', [CompletionResultType]::ParameterName, 'An AWS Data Exports export (CUR 2.0 or FOCUS 1.x, Parquet or gzip CSV): its own folder, the one that holds data/BILLING_PERIOD=YYYY-MM/')
            [CompletionResult]::new('--athena', '--athena', [CompletionResultType]::ParameterName, 'The CUR 2.0 table an organization queries in Athena: one SQL aggregation where the data lives. Starting a query writes its results to S3: see policies/crossover-athena-reconcile.json')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile (also AWS_PROFILE) for the AWS sources')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the AWS clients (Cost Explorer itself answers in us-east-1)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (emulators such as moto)')
            [CompletionResult]::new('--fail-on-drift', '--fail-on-drift', [CompletionResultType]::ParameterName, 'Exit 5 when the modelled total differs from the billed total by more than this percent')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format (CSV: the reconciliation lines)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report here instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report here instead of stdout')
            [CompletionResult]::new('--prices', '--prices', [CompletionResultType]::ParameterName, 'A price book (CSV) that replaces the embedded one, or overrides (JSON) on top of it')
            [CompletionResult]::new('--athena-workgroup', '--athena-workgroup', [CompletionResultType]::ParameterName, 'With --athena: the workgroup the query runs in (default: primary)')
            [CompletionResult]::new('--athena-output', '--athena-output', [CompletionResultType]::ParameterName, 'With --athena: where Athena writes the query''s results, when the workgroup sets no output location (s3://BUCKET/PREFIX/)')
            [CompletionResult]::new('--cost-explorer', '--cost-explorer', [CompletionResultType]::ParameterName, 'Cost Explorer (GetCostAndUsage, daily, over the snapshot''s window; per resource for the last 14 days where resource-level data is enabled). AWS bills $0.01 per request')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'crossover;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'crossover;man' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The folder to write the pages into (created when missing)')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'The folder to write the pages into (created when missing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'crossover;help' {
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Collect and report in one run')
            [CompletionResult]::new('collect', 'collect', [CompletionResultType]::ParameterValue, 'Read every ALB and API Gateway API with its hourly CloudWatch usage into a snapshot')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Price and analyse a snapshot offline (no AWS credentials needed)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'What changed between two JSON reports (added and removed resources, cost changes, blockers, recommendations)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Join snapshots (shards of one organization scan, or separate accounts) into one')
            [CompletionResult]::new('prices', 'prices', [CompletionResultType]::ParameterValue, 'The price book: show the one in force, or rebuild it from the AWS Price List API')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Set a snapshot''s modelled charges beside what AWS billed for the same days')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell on stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages (crossover.1 and one page per subcommand) into a folder. For packagers; docs/man holds the pages of this version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'crossover;help;scan' {
            break
        }
        'crossover;help;collect' {
            break
        }
        'crossover;help;report' {
            break
        }
        'crossover;help;diff' {
            break
        }
        'crossover;help;merge' {
            break
        }
        'crossover;help;prices' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the price book in force')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Rebuild the price book from the AWS Price List Query API (pricing:GetProducts)')
            break
        }
        'crossover;help;prices;show' {
            break
        }
        'crossover;help;prices;refresh' {
            break
        }
        'crossover;help;reconcile' {
            break
        }
        'crossover;help;completions' {
            break
        }
        'crossover;help;man' {
            break
        }
        'crossover;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
