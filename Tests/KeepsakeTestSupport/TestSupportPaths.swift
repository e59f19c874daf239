import Foundation

/// Where the test helpers live: the repository root, `Tests/Support`, and Debian's Python.
public enum TestSupportPaths {
    /// The repository root: `$KEEPSAKE_REPO_ROOT` if set; otherwise the first directory holding
    /// `Tests/Support/check_message.py` found walking up from this source file (as compiled, then
    /// with symbolic links resolved) or from the current directory.
    public static let repositoryRoot: URL = {
        if let override = ProcessInfo.processInfo.environment["KEEPSAKE_REPO_ROOT"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        let sourceFile = URL(fileURLWithPath: #filePath)
        let startingPoints = [
            sourceFile.deletingLastPathComponent(),
            sourceFile.resolvingSymlinksInPath().deletingLastPathComponent(),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
        ]
        for start in startingPoints {
            if let root = ancestor(of: start, containing: "Tests/Support/check_message.py") {
                return root
            }
        }
        // Tests/KeepsakeTestSupport/TestSupportPaths.swift → the repository root.
        return sourceFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// `Tests/Support`: the Python capture server and the message checker.
    public static var supportDirectory: URL {
        repositoryRoot.appendingPathComponent("Tests/Support", isDirectory: true)
    }

    /// Debian's own Python, which has python3-aiosmtpd; never whichever `python3` is first on PATH.
    public static let systemPython = "/usr/bin/python3"

    /// The nearest directory at or above `start` that holds the given relative path.
    private static func ancestor(of start: URL, containing relativePath: String) -> URL? {
        var directory = start.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent(relativePath).path) {
                return directory
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }
}
