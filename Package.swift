// swift-tools-version:6.0
import PackageDescription

// The module list reads as the data flow of one delivery:
//   files + store → plan → render → compose → ledger (intent) → transport → ledger (outcome)
// CCurl → CCurlShim → SMTP (transport, pacing); Mail (message, MIME, DKIM); Calendars (dates in three calendars);
// Campaigns (calendar, campaign files, triggers, segments); Templates (rendering per locale);
// Store (customers, consent ledger, send ledger, coupon codes); Scheduler (plan, compose; no SMTP);
// CustomerImport (CSV in); Configuration; Web (one-click unsubscribe, metrics, health; no Scheduler);
// KeepsakeDaemon (the daemon layer: services, the one loader of campaign files, dispatch, retry, metrics);
// KeepsakeCLI (options only) → keepsake.
// Inbound (returned mail: recognised, tied to its delivery, acted on once in the store);
// IMAP (a mailbox client through libcurl, for Inbound's IMAPSource).
// Reports (results: per campaign and segment, mailed against held out, and retention; text, JSON, CSV, HTML).
let package = Package(
    name: "keepsake",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "keepsake", targets: ["keepsake"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // swift-configuration (a dependency of hummingbird) has a module named Configuration too: aliased below.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // libcurl as a system library (Debian: libcurl4-openssl-dev).
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Typed, non-variadic wrappers for curl_easy_setopt / curl_easy_getinfo. The only C in the project.
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        // SMTP transport: one libcurl easy handle per connection, one thread per handle, reply classification.
        .target(
            name: "SMTP",
            dependencies: [
                "CCurl", "CCurlShim", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // Message model, a strict MIME composer (RFC 5322, 2045–2047) and DKIM signing (RFC 6376, 8463).
        .target(
            name: "Mail",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // Dates in the customers' calendars: Gregorian, Persian (Solar Hijri), Islamic (Umm al-Qura).
        .target(name: "Calendars"),
        // SQLite via GRDB: customers, orders, the consent ledger (hash chain), the send ledger (group-committed
        // writes) and the coupon codes.
        .target(
            name: "Store",
            dependencies: [
                "Calendars", "Mail",
                .product(name: "GRDB", package: "GRDB.swift"),
                // sqlite3_column_text for the rows the report streams (GRDBRowStorage).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The store on PostgreSQL (postgres-nio): the second engine behind Store's StoreDatabase seam, in a
        // target of its own so that Store and the targets that only need SQLite do not build postgres-nio.
        .target(
            name: "PostgresStore",
            dependencies: [
                "Store", "Configuration",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // CSV in: a strict reader with physical line numbers (hand-written: CSV.swift reports no line
        // positions and accepts malformed quoting such as "a"b), header mappings (own format, Shopify,
        // WooCommerce), row validation, and all-or-nothing imports into the store.
        .target(
            name: "CustomerImport",
            dependencies: [
                "Store", "Calendars", "Mail", "StrictYAML",
            ],
            resources: [.copy("Presets")]
        ),
        // Campaign files: the communication calendar, campaigns, triggers and segment expressions.
        .target(name: "Campaigns", dependencies: ["Calendars", "StrictYAML"]),
        // Rendering: subject, HTML and plain-text templates per locale, with layouts, RTL and local digits.
        .target(
            name: "Templates",
            dependencies: ["Calendars", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // Planning: which deliveries are due for a local day (triggers, segments, consent, window,
        // blackout, daily cap, grace), and composing each one's message. Sending is the daemon's.
        .target(
            name: "Scheduler",
            dependencies: [
                "Campaigns", "Templates", "Store", "Calendars", "Mail",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // Results: per campaign and segment (mailed against held out) and retention, as text, JSON, CSV and one HTML file.
        .target(name: "Reports", dependencies: ["Store", "Calendars", "Templates"]),
        // Typed reading of YAML documents with file:line:column errors and no unknown keys.
        .target(name: "StrictYAML", dependencies: [.product(name: "Yams", package: "Yams")]),
        // The operator's configuration file (YAML) with environment overrides.
        .target(name: "Configuration", dependencies: ["SMTP", "Mail", "StrictYAML"], exclude: ["CONFIGURATION.md"]),
        // The daemon's HTTP listener (Hummingbird): one-click unsubscribe (RFC 8058), /metrics, /healthz.
        .target(
            name: "Web",
            dependencies: [
                "Store", "Mail", "Templates", "Calendars", "Configuration", "StrictYAML", "Reports",
                .product(name: "Hummingbird", package: "hummingbird", moduleAliases: ["Configuration": "SwiftConfiguration"]),
                .product(name: "HummingbirdCore", package: "hummingbird", moduleAliases: ["Configuration": "SwiftConfiguration"]),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Inbound mail: a bounded MIME reader and the recogniser of DSNs, ARF reports, bounces, auto-replies, unsubscribes.
        // The processing path (tie to the delivery, act, commit once in the store) and the IMAP, Maildir and spool sources.
        .target(
            name: "Inbound",
            dependencies: [
                "Mail", "Store", "SMTP", "IMAP", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // IMAP mailbox client through libcurl: one long-lived handle on its own thread, bridged to async.
        .target(name: "IMAP", dependencies: ["CCurl", "CCurlShim", .product(name: "Logging", package: "swift-log")]),
        // The daemon layer, between the domain modules and the command line: the services (tick,
        // reload, the transport's owner, systemd notifier, heartbeat) and the `KeepsakeDaemon` that
        // runs them; the one loader and checker of campaign files; the dispatcher; the daemon's metrics.
        .target(
            name: "KeepsakeDaemon",
            dependencies: [
                "SMTP", "Mail", "Configuration", "Store", "Calendars", "Campaigns", "Templates", "Scheduler", "Web", "Inbound", "IMAP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The command line: subcommands and their help.
        .target(
            name: "KeepsakeCLI",
            dependencies: [
                "SMTP", "Mail", "Configuration", "Store", "CustomerImport", "Calendars", "StrictYAML",
                "Campaigns", "Templates", "Scheduler", "Web", "KeepsakeDaemon", "Inbound", "Reports", "PostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "keepsake", dependencies: ["KeepsakeCLI", .product(name: "Logging", package: "swift-log")]),
        // `make bench`'s raw-transport measurement (one composed message sent N times through SMTPTransport)
        // and planning alone (a day planned over a store, no message composed).
        .executableTarget(
            name: "keepsake-bench", dependencies: ["SMTP", "Mail", "Calendars", "Campaigns", "Store", "Scheduler"],
            path: "Benchmarks/TransportBench"),

        // Shared by the test targets: starts the real SMTP capture server, runs the independent parser.
        .target(name: "KeepsakeTestSupport", path: "Tests/KeepsakeTestSupport"),
        // Shared by SchedulerTests and KeepsakeDaemonTests: a store of customers, campaigns, a sample composer.
        .target(
            name: "PlannerTestSupport",
            dependencies: ["Scheduler", "Campaigns", "Store", "Calendars", "Mail", "Templates", "KeepsakeTestSupport"],
            path: "Tests/PlannerTestSupport"
        ),
        .testTarget(name: "SMTPTests", dependencies: ["SMTP", "Mail", "KeepsakeTestSupport"]),
        .testTarget(name: "MailTests", dependencies: ["Mail", "KeepsakeTestSupport"]),
        .testTarget(name: "StrictYAMLTests", dependencies: ["StrictYAML"]),
        .testTarget(name: "CalendarsTests", dependencies: ["Calendars"]),
        // The store's suites on both engines: SQLite, and a real PostgreSQL server (KeepsakeTestSupport's PostgresServer).
        .testTarget(name: "StoreTests", dependencies: ["Store", "Calendars", "Mail", "PostgresStore", "Configuration", "KeepsakeTestSupport"]),
        // Against a real PostgreSQL server (KeepsakeTestSupport's PostgresServer: initdb in a temporary folder).
        .testTarget(name: "PostgresStoreTests", dependencies: [
                "PostgresStore", "Store", "Configuration", "Mail", "KeepsakeTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "CustomerImportTests", dependencies: ["CustomerImport", "Store", "Calendars"],
            exclude: ["Malformed", "Exports"]
        ),
        .testTarget(name: "CampaignsTests", dependencies: ["Campaigns", "Calendars"], exclude: ["Malformed"]),
        .testTarget(
            name: "TemplatesTests", dependencies: ["Templates", "Calendars", "KeepsakeTestSupport"],
            exclude: ["Malformed", "MalformedLayout"]
        ),
        .testTarget(
            name: "SchedulerTests",
            dependencies: ["Scheduler", "Campaigns", "Store", "Calendars", "Mail", "Templates", "KeepsakeTestSupport", "PlannerTestSupport"]
        ),
        .testTarget(
            name: "KeepsakeDaemonTests",
            dependencies: [
                "KeepsakeDaemon", "Scheduler", "Campaigns", "Store", "Calendars", "SMTP", "Mail", "Templates", "Configuration",
                "KeepsakeTestSupport", "PlannerTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration", "Mail", "KeepsakeTestSupport"]),
        .testTarget(name: "WebTests", dependencies: ["Web", "Mail", "Store", "Calendars", "Configuration", "Templates"]),
        .testTarget(
            name: "InboundTests",
            dependencies: [
                "Inbound", "IMAP", "SMTP", "Store", "Scheduler", "KeepsakeDaemon", "KeepsakeCLI", "Mail", "Calendars",
                "KeepsakeTestSupport",
            ],
            exclude: ["Samples"]
        ),
        .testTarget(
            name: "ReportsTests", dependencies: ["Reports", "Store", "Calendars", "Mail", "PostgresStore", "Configuration", "KeepsakeTestSupport"],
            exclude: ["Shop"]),
        .testTarget(name: "IMAPTests", dependencies: ["IMAP", "KeepsakeTestSupport"]),
        .testTarget(name: "KeepsakeCLITests", dependencies: ["Configuration", "KeepsakeCLI", "KeepsakeDaemon", "KeepsakeTestSupport", "PostgresStore", "Store"]),
    ]
)
