import Foundation
import Mail

/// `keepsake-bench --dkim-signatures N`: what DKIM signing costs, without SMTP. The benchmark
/// message is composed once and signed N times with a fresh RSA-2048 key, then N times with an
/// Ed25519 key (canonicalization, body and header hashing and the signature, as the daemon does).
enum SigningBench {
    /// Prints one `dkim_sign algorithm=… signatures_per_second=… microseconds_per_signature=…
    /// cpu_microseconds_per_signature=…` line per key type: wall clock, and this thread's CPU time
    /// (what a signature costs, whatever else the machine is doing).
    static func run(count: Int, messageDirectory: String) throws {
        let message = try BenchmarkMessage.compose(directory: messageDirectory)
        for type in DKIMPrivateKey.KeyType.allCases {
            let identity = try DKIMSigningIdentity(domain: "shop.example", selector: "bench", key: DKIMPrivateKey.generate(type))
            let signer = DKIMSigner([identity])
            var bytes = 0
            let clock = ContinuousClock()
            let cpuBefore = threadCPUSeconds()
            let elapsed = try clock.measure {
                for _ in 0..<count {
                    bytes &+= try signer.sign(message).count
                }
            }
            let cpu = threadCPUSeconds() - cpuBefore
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("dkim_sign algorithm=\(type.signatureAlgorithm) signatures=\(count) message_bytes=\(message.count) "
                + "signatures_per_second=\(String(format: "%.1f", Double(count) / seconds)) "
                + "microseconds_per_signature=\(String(format: "%.1f", seconds / Double(count) * 1e6)) "
                + "cpu_microseconds_per_signature=\(String(format: "%.1f", cpu / Double(count) * 1e6)) checksum=\(bytes)")
        }
    }
}

/// The CPU time the calling thread has used, in seconds.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
