import Foundation
import KeepsakeCLI
import Logging

/// The executable: sets up logfmt logging on standard error, then runs the command line.
@main
struct KeepsakeMain {
    static func main() async {
        let environment = ProcessInfo.processInfo.environment
        let level = environment["KEEPSAKE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in LogfmtLogHandler(component: label, logLevel: level) }
        await Keepsake.main()
    }
}
