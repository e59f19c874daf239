import Foundation

/// A certificate and private key (PEM files) for the server's STARTTLS or implicit TLS.
public struct TLSMaterial: Sendable {
    public let certificate: URL
    public let privateKey: URL

    public init(certificate: URL, privateKey: URL) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// A fresh self-signed certificate for `localhost` and 127.0.0.1, valid for two days, made by
    /// `openssl req -x509` in a new temporary directory. Clients trust it by using `certificate`
    /// as their CA file.
    public static func selfSigned() throws -> TLSMaterial {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("keepsake-tls-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let material = TLSMaterial(
            certificate: directory.appendingPathComponent("certificate.pem"),
            privateKey: directory.appendingPathComponent("private-key.pem")
        )
        try runTool("openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", material.privateKey.path, "-out", material.certificate.path,
        ], outputFile: directory.appendingPathComponent("openssl.log"))
        return material
    }

    /// Runs a tool found on PATH (or given by its full path), its output in outputFile; throws
    /// with that output if it fails.
    static func runTool(_ tool: String, _ arguments: [String], outputFile: URL) throws {
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
            throw CaptureServerError.toolFailed(command: ([tool] + arguments).joined(separator: " "), status: process.terminationStatus, output: text)
        }
    }
}
