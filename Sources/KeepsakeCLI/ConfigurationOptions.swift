import ArgumentParser
import Configuration
import Foundation

/// The `--config FILE` option every command that needs the operator's settings takes.
struct ConfigurationOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The operator configuration file.",
            discussion: "Without it: $KEEPSAKE_CONFIG, then /etc/keepsake/keepsake.yaml, then embedded development defaults (a relay on smtp://127.0.0.1:2525).",
            valueName: "file"
        )
    )
    var config: String?

    /// Loads the configuration, or prints the problem and exits with ``KeepsakeExitCode/configurationError``.
    ///
    /// - Parameter use: `.sending` for the commands that send (`run`, `send-test`): only they read
    ///   the SMTP password, and need the DKIM keys.
    func load(_ use: SecretUse = .notSending) throws -> KeepsakeConfiguration {
        do {
            return try KeepsakeConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment, use: use)
        } catch {
            printError("keepsake: \(error)")
            throw KeepsakeExitCode.configurationError
        }
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
