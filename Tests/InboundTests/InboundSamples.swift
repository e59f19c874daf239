import Foundation
import Inbound

/// The hand-written samples in Tests/InboundTests/Samples.
enum InboundSamples {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Samples", isDirectory: true)

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static let recogniser = InboundRecogniser(bounceAddress: "bounces@shop.example", unsubscribeAddress: "unsubscribe@shop.example")

    static func recognise(_ name: String) throws -> InboundReport {
        recogniser.recognise(try bytes(name))
    }
}
