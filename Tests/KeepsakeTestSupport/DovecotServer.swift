import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real IMAP server for the tests: Debian's Dovecot (package dovecot-imapd) in the foreground
/// on 127.0.0.1, with its own configuration, state and mail in a fresh temporary folder, one
/// passwd-file user, and a self-signed certificate (openssl) for STARTTLS and imaps.
///
/// ```swift
/// let server = try DovecotServer.start()            // or .start(.init(startTLS: false))
/// defer { server.stop() }
/// try server.deliver(Array(message.utf8))           // into INBOX, as a file in its Maildir
/// // connect to server.url (imap:// + STARTTLS) or server.implicitTLSURL (imaps://) as
/// // server.user / server.password, trusting server.tls!.certificate as the CA file
/// let moved = try server.messages(in: "Processed")  // what a folder holds now
/// ```
///
/// - `Options.startTLS = false`: no TLS at all (no STARTTLS offered, no imaps port).
/// - `Options.advertiseMove = false`: the capability list lacks MOVE (the COPY fallback).
/// - `Options.home`: the user's home, to serve a Maildir another program writes (Postfix's
///   virtual delivery in ``PostfixServer``): the mail is `home/Maildir`.
///
/// Mail files belong to uid/gid 65534 (nobody) when the tests run as root: Dovecot refuses root as
/// a mail user. The folder is removed by ``stop()`` unless `KEEPSAKE_KEEP_DOVECOT` is set.
public final class DovecotServer: @unchecked Sendable {
    public struct Options: Sendable {
        public var startTLS: Bool
        public var advertiseMove: Bool
        public var home: URL?

        public init(startTLS: Bool = true, advertiseMove: Bool = true, home: URL? = nil) {
            self.startTLS = startTLS
            self.advertiseMove = advertiseMove
            self.home = home
        }
    }

    /// `imap://127.0.0.1:PORT`: plain, upgraded with STARTTLS when TLS is on.
    public let url: String
    /// `imaps://127.0.0.1:PORT` when TLS is on.
    public let implicitTLSURL: String?
    public let user = "keepsake"
    public let password = "bounce-reader-secret"
    /// The certificate to trust (`caFile`), when TLS is on.
    public let tls: TLSMaterial?
    /// The user's Maildir: INBOX itself, and `.Name` for each other folder.
    public let maildir: URL
    /// Configuration, state, log (`dovecot.log`, the place to look when a test is puzzling).
    public let directory: URL
    private let child: ChildProcess
    private let mailOwner: (uid: uid_t, gid: gid_t)

    private init(url: String, implicitTLSURL: String?, tls: TLSMaterial?, maildir: URL, directory: URL, child: ChildProcess, mailOwner: (uid_t, gid_t)) {
        self.url = url
        self.implicitTLSURL = implicitTLSURL
        self.tls = tls
        self.maildir = maildir
        self.directory = directory
        self.child = child
        self.mailOwner = mailOwner
    }

    deinit { stop() }

    /// Writes the configuration, starts `dovecot -F`, and returns once it listens.
    public static func start(_ options: Options = .init()) throws -> DovecotServer {
        let fileManager = FileManager.default
        guard fileManager.isExecutableFile(atPath: "/usr/sbin/dovecot") else {
            throw LoopbackPortError(description: "Dovecot is not installed (/usr/sbin/dovecot): `make deps` installs Debian's dovecot-imapd")
        }
        let directory = fileManager.temporaryDirectory.appendingPathComponent("keepsake-dovecot-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try fileManager.createDirectory(at: directory.appendingPathComponent("run"), withIntermediateDirectories: true)
        chmod(directory.path, 0o755)
        let home = options.home ?? directory.appendingPathComponent("home", isDirectory: true)
        let maildir = home.appendingPathComponent("Maildir", isDirectory: true)
        let owner: (uid: uid_t, gid: gid_t) = getuid() == 0 ? (65534, 65534) : (getuid(), getgid())
        try makeMaildir(maildir, owner: owner)
        let tls = options.startTLS ? try TLSMaterial.selfSigned() : nil
        let plainPort = try LoopbackPort.free()
        let implicitPort = try LoopbackPort.free()
        let user = "keepsake", password = "bounce-reader-secret"
        try "\(user):{PLAIN}\(password):\(owner.uid):\(owner.gid)::\(home.path)::\n"
            .write(to: directory.appendingPathComponent("users"), atomically: true, encoding: .utf8)
        let configuration = configurationText(
            directory: directory, tls: tls, plainPort: plainPort, implicitPort: implicitPort,
            advertiseMove: options.advertiseMove, firstValidUID: min(100, owner.uid)
        )
        let configurationFile = directory.appendingPathComponent("dovecot.conf")
        try configuration.write(to: configurationFile, atomically: true, encoding: .utf8)
        let child = try ChildProcess.launch(
            executable: "/usr/sbin/dovecot", arguments: ["-F", "-c", configurationFile.path],
            standardOutput: directory.appendingPathComponent("stdout.log"),
            standardError: directory.appendingPathComponent("stderr.log")
        )
        let server = DovecotServer(
            url: "imap://127.0.0.1:\(plainPort)", implicitTLSURL: tls == nil ? nil : "imaps://127.0.0.1:\(implicitPort)",
            tls: tls, maildir: maildir, directory: directory, child: child, mailOwner: owner
        )
        do {
            try LoopbackPort.waitUntilListening(tls == nil ? [plainPort] : [plainPort, implicitPort], timeout: 15) { child.isRunning }
        } catch {
            let log = ["stderr.log", "dovecot.log"].compactMap { try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }
            server.stop()
            throw LoopbackPortError(description: "Dovecot did not start: \(error)\n\(log.joined(separator: "\n"))")
        }
        return server
    }

    /// Puts a message into a folder as Postfix or an MDA would (a file in `new/`); returns the file.
    @discardableResult
    public func deliver(_ message: [UInt8], to folder: String = "INBOX") throws -> URL {
        let folderDirectory = try self.folderDirectory(folder, create: true)
        let name = "\(Int(Date().timeIntervalSince1970)).\(UUID().uuidString).keepsake-test"
        let temporary = folderDirectory.appendingPathComponent("tmp/\(name)")
        let final = folderDirectory.appendingPathComponent("new/\(name)")
        try Data(message).write(to: temporary)
        chown(temporary.path, mailOwner.uid, mailOwner.gid)
        try FileManager.default.moveItem(at: temporary, to: final)
        return final
    }

    /// Every message a folder holds now (`new/` and `cur/`), in file-name order.
    public func messages(in folder: String) throws -> [[UInt8]] {
        let folderDirectory = try self.folderDirectory(folder, create: false)
        var files: [URL] = []
        for part in ["new", "cur"] {
            let partDirectory = folderDirectory.appendingPathComponent(part)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: partDirectory.path)) ?? []
            files += names.map { partDirectory.appendingPathComponent($0) }
        }
        return try files.sorted { $0.lastPathComponent < $1.lastPathComponent }.map { Array(try Data(contentsOf: $0)) }
    }

    /// Stops Dovecot (SIGTERM, then SIGKILL) and removes its folder.
    public func stop() {
        child.stop(within: 5)
        if ProcessInfo.processInfo.environment["KEEPSAKE_KEEP_DOVECOT"] == nil {
            try? FileManager.default.removeItem(at: directory)
            if let tls { try? FileManager.default.removeItem(at: tls.certificate.deletingLastPathComponent()) }
        }
    }

    private func folderDirectory(_ folder: String, create: Bool) throws -> URL {
        let folderDirectory = folder == "INBOX" ? maildir : maildir.appendingPathComponent(".\(folder)", isDirectory: true)
        if create { try Self.makeMaildir(folderDirectory, owner: mailOwner) }
        return folderDirectory
    }

    private static func makeMaildir(_ maildir: URL, owner: (uid: uid_t, gid: gid_t)) throws {
        var path = maildir
        var created: [URL] = []
        while !FileManager.default.fileExists(atPath: path.path) {
            created.append(path)
            path = path.deletingLastPathComponent()
        }
        for part in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: maildir.appendingPathComponent(part), withIntermediateDirectories: true)
            created.append(maildir.appendingPathComponent(part))
        }
        for directory in created {
            chown(directory.path, owner.uid, owner.gid)
            chmod(directory.path, 0o700)
        }
    }

    private static func configurationText(directory: URL, tls: TLSMaterial?, plainPort: Int, implicitPort: Int, advertiseMove: Bool, firstValidUID: uid_t) -> String {
        let path = directory.path
        var lines = [
            "base_dir = \(path)/run", "state_dir = \(path)/run/state", "log_path = \(path)/dovecot.log",
            "instance_name = keepsake-\(directory.lastPathComponent)", "protocols = imap", "listen = 127.0.0.1",
            "disable_plaintext_auth = no", "auth_mechanisms = plain login", "auth_failure_delay = 0",
            "mail_location = maildir:~/Maildir", "first_valid_uid = \(firstValidUID)", "shutdown_clients = yes",
            "passdb {\n  driver = passwd-file\n  args = \(path)/users\n}",
            "userdb {\n  driver = passwd-file\n  args = \(path)/users\n}",
            "service anvil {\n  chroot =\n}",
        ]
        if getuid() != 0, let name = getpwuid(getuid()).map({ String(cString: $0.pointee.pw_name) }) {
            lines += ["default_internal_user = \(name)", "default_login_user = \(name)", "default_internal_group = \(name)"]
        }
        if let tls {
            lines += [
                "ssl = yes", "ssl_cert = <\(tls.certificate.path)", "ssl_key = <\(tls.privateKey.path)",
                "service imap-login {\n  chroot =\n  inet_listener imap {\n    port = \(plainPort)\n  }\n  inet_listener imaps {\n    port = \(implicitPort)\n    ssl = yes\n  }\n}",
            ]
        } else {
            lines += ["ssl = no", "service imap-login {\n  chroot =\n  inet_listener imap {\n    port = \(plainPort)\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}"]
        }
        if !advertiseMove {
            lines.append("imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT NAMESPACE UIDPLUS CHILDREN UNSELECT LITERAL+")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
