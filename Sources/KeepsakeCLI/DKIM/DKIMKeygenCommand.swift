import ArgumentParser
import Foundation
import Mail

/// `keepsake dkim keygen`: a new key pair, and the DNS record and settings that go with it.
struct DKIMKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make a DKIM key pair and print the DNS TXT record to publish.",
        discussion: """
            Writes two files into --out (default: the current folder):
              SELECTOR.private.pem  the private key (PEM, mode 0600): keep it secret
              SELECTOR.public.pem   the public key, for your records
            and prints the TXT record to publish at SELECTOR._domainkey.DOMAIN, the commands to \
            check it, and the lines to add to keepsake.yaml. An existing file is never \
            overwritten: a key in use must not be lost.

            The selector names the key, so that a new key can be published beside the old one \
            when you rotate (yearly, say): use letters, digits and hyphens, such as ks2026. The \
            domain is your From domain (sender.from) or a parent of it, so that DMARC aligns.

            RSA (the default, 2048 bits) is what every receiver checks. An Ed25519 key \
            (--type ed25519, RFC 8463) is small and fast, but few receivers check it yet: add it \
            as a second signature under its own selector, never instead of RSA.

            Examples:
              keepsake dkim keygen --selector ks2026 --domain shop.example
              keepsake dkim keygen --selector ks2026e --domain shop.example --type ed25519
              sudo keepsake dkim keygen --selector ks2026 --domain shop.example \\
                  --out /etc/keepsake
            """
    )

    @Option(help: ArgumentHelp("The selector: the key's name in DNS, such as ks2026.", valueName: "selector"))
    var selector: String

    @Option(help: ArgumentHelp("The signing domain (d=): the From domain or a parent of it, such as shop.example.", valueName: "domain"))
    var domain: String

    @Option(help: ArgumentHelp("rsa (default; every receiver checks it) or ed25519 (a second signature).", valueName: "type"))
    var type: KeyTypeArgument = .rsa

    @Option(help: ArgumentHelp("RSA key size: 2048 (default and recommended), 3072 or 4096.", valueName: "bits"))
    var bits: Int?

    @Option(help: ArgumentHelp("The folder to write the key files into (it must exist).", valueName: "dir"))
    var out = "."

    func validate() throws {
        if let problem = DKIMSigningIdentity.selectorProblem(selector) {
            throw ValidationError("--selector: \(problem)")
        }
        if let problem = DKIMSigningIdentity.domainProblem(domain) {
            throw ValidationError("--domain: \(problem)")
        }
        if let bits {
            guard type == .rsa else {
                throw ValidationError("--bits \(bits): an Ed25519 key has a fixed size; leave --bits out, or use --type rsa")
            }
            guard DKIMPrivateKey.generatedRSABitCounts.contains(bits) else {
                throw ValidationError("--bits \(bits): give 2048 (recommended), 3072 or 4096; receivers ignore keys under 1024 bits and Gmail expects 2048")
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--out \(out): no such folder; create it first")
        }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: out).standardizedFileURL
        let privateFile = folder.appendingPathComponent("\(selector).private.pem")
        let publicFile = folder.appendingPathComponent("\(selector).public.pem")
        for file in [privateFile, publicFile] where FileManager.default.fileExists(atPath: file.path) {
            printError("keepsake dkim keygen: \(file.path) exists already; Keepsake never overwrites a key (it may be in use). Choose another selector, or move the old file away.")
            throw ExitCode(73)
        }
        let key: DKIMPrivateKey
        let identity: DKIMSigningIdentity
        do {
            key = try DKIMPrivateKey.generate(type.keyType, rsaBitCount: bits ?? DKIMPrivateKey.recommendedRSABitCount)
            identity = try DKIMSigningIdentity(domain: domain, selector: selector, key: key)
        } catch {
            printError("keepsake dkim keygen: \(error)")
            throw ExitCode(64)
        }
        do {
            try KeyFiles.create(privateFile, contents: key.pemRepresentation, mode: 0o600)
        } catch {
            printError("keepsake dkim keygen: cannot write \(privateFile.path): \(error)")
            throw ExitCode(73)
        }
        do {
            try KeyFiles.create(publicFile, contents: key.publicKeyPEMRepresentation, mode: 0o644)
        } catch {
            try? FileManager.default.removeItem(at: privateFile)
            printError("keepsake dkim keygen: cannot write \(publicFile.path): \(error); nothing was written")
            throw ExitCode(73)
        }
        print(KeygenText.instructions(identity: identity, privateFile: privateFile.path, publicFile: publicFile.path))
    }
}

/// `--type`: the kind of key to make.
enum KeyTypeArgument: String, ExpressibleByArgument, CaseIterable {
    case rsa
    case ed25519

    var keyType: DKIMPrivateKey.KeyType {
        self == .rsa ? .rsa : .ed25519
    }
}

/// Creates key files that never replace an existing one.
enum KeyFiles {
    struct CreateError: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes `contents` to a new file with `mode` (O_EXCL: fails if the file exists).
    static func create(_ file: URL, contents: String, mode: mode_t) throws {
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else { throw CreateError(description: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // The umask may have narrowed the mode; the private key must be 0600 whatever it is.
        fchmod(descriptor, mode)
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard result > 0 else { throw CreateError(description: String(cString: strerror(errno))) }
            written += result
        }
    }
}
