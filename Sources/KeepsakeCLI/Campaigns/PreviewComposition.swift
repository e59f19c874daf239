import Dispatch
import Scheduler
import Store
import Synchronization
import Templates

/// How `keepsake preview` renders one batch of deliveries: the subject alone for a listing, the
/// whole message with `--out`; on both cores, in two halves, each delivery's result kept in the
/// planner's order (rendering is pure: the store was read before).
struct PreviewComposition {
    /// A delivery's rendered subject and locale, and its message's bytes with `--out` (else empty).
    typealias Rendered = (rendered: RenderedMessage, bytes: [UInt8])

    let composer: DeliveryComposer
    /// Whether whole messages are composed (`--out`).
    let composesMessages: Bool

    /// Each delivery's result, in the order of `deliveries`; one without a record is left out.
    func render(
        _ deliveries: [PlannedDelivery], records: [String: CustomerRecord]
    ) -> [(delivery: PlannedDelivery, result: Result<Rendered, any Error>)] {
        let work = deliveries.compactMap { delivery in records[delivery.customerID].map { (delivery, $0) } }
        // Two halves when the batch is worth a second thread.
        let parts = work.count >= 64 ? 2 : 1
        let size = (work.count + parts - 1) / max(parts, 1)
        let halves = Mutex<[Int: [(delivery: PlannedDelivery, result: Result<Rendered, any Error>)]]>([:])
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let slice = work[min(part * size, work.count)..<min((part + 1) * size, work.count)]
            let results = slice.map { delivery, record in (delivery: delivery, result: render(delivery, customer: record)) }
            halves.withLock { $0[part] = results }
        }
        return halves.withLock { done in (0..<parts).flatMap { done[$0] ?? [] } }
    }

    /// One delivery: the listing's subject, or the composed message.
    private func render(_ delivery: PlannedDelivery, customer: CustomerRecord) -> Result<Rendered, any Error> {
        Result {
            if composesMessages {
                let composed = try composer.compose(delivery, customer: customer)
                return (composed.rendered, composed.bytes)
            }
            return (try composer.listing(delivery, customer: customer), [])
        }
    }
}
