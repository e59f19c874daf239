import Foundation
import KeepsakeCLI
import Testing

/// `keepsake --version`, and `make install DESTDIR=…` staging the install in a folder.
@Suite("version and install")
struct InstallTargetTests {
    @Test func versionIsPrinted() throws {
        let result = try KeepsakeBinary.run(["--version"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == KeepsakeVersion.current + "\n")
        #expect(KeepsakeVersion.current.wholeMatch(of: /[0-9]+\.[0-9]+\.[0-9]+/) != nil)
    }

    /// The Makefile's install target with DESTDIR, on the debug binary already built: `SWIFT` names
    /// a script that builds nothing and shows the debug binary's folder, and a `systemctl` first on
    /// PATH notes any call (DESTDIR must never reload the host's systemd).
    @Test func destdirStagesEverythingWithoutSystemctl() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-install-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let tools = root.appendingPathComponent("tools")
        let stage = root.appendingPathComponent("stage")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        let systemctlCalls = root.appendingPathComponent("systemctl-calls")
        let scripts = [
            "swift": "#!/bin/sh\ncase \"$*\" in *--show-bin-path*) echo \"\(KeepsakeBinary.url.deletingLastPathComponent().path)\";; esac\n",
            "systemctl": "#!/bin/sh\necho \"$*\" >> \"\(systemctlCalls.path)\"\n",
        ]
        for (name, text) in scripts {
            try text.write(to: tools.appendingPathComponent(name), atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tools.appendingPathComponent(name).path)
        }
        let path = tools.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let install = {
            try KeepsakeBinary.run(
                ["-C", ScratchInstallation.repository.path, "install", "DESTDIR=\(stage.path)", "SWIFT=\(tools.path)/swift"],
                environment: ["PATH": path], executable: URL(fileURLWithPath: "/usr/bin/make"))
        }
        let first = try install()
        #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
        let installed = stage.appendingPathComponent("usr/local/bin/keepsake")
        for file in ["usr/local/bin/keepsake", "etc/systemd/system/keepsake.service", "etc/keepsake/keepsake.yaml",
                     "etc/keepsake/campaigns/calendar.yaml", "etc/keepsake/templates/_layout/layout.html.mustache"] {
            #expect(FileManager.default.fileExists(atPath: stage.appendingPathComponent(file).path), "\(file) is missing")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: installed.path)[.posixPermissions] as? Int
        #expect(mode == 0o755)
        #expect(try KeepsakeBinary.run(["--version"], executable: installed).standardOutput == KeepsakeVersion.current + "\n")
        #expect(!FileManager.default.fileExists(atPath: systemctlCalls.path), "make install DESTDIR=… ran systemctl")
        // A second install keeps the operator's settings and files.
        try "# edited\n".write(to: stage.appendingPathComponent("etc/keepsake/keepsake.yaml"), atomically: true, encoding: .utf8)
        let second = try install()
        #expect(second.status == 0, "\(second.standardError)")
        #expect(try String(contentsOf: stage.appendingPathComponent("etc/keepsake/keepsake.yaml"), encoding: .utf8) == "# edited\n")
        #expect(second.standardOutput.contains("kept \(stage.path)/etc/keepsake/campaigns/"), "\(second.standardOutput)")
    }
}
