import Foundation

/// Reads and checks a file's rows on a thread of its own while the caller writes the checked rows
/// to the store: parsing and validation overlap the database work, which on two cores takes a
/// million-row import from one core's worth of time to nearly the larger of the two halves.
///
/// Rows travel in batches through a small bounded queue, so memory stays flat whatever the file's
/// size. The caller must call ``stop()`` (also on errors; calling it twice is harmless) before the reader is used again.
final class RowPipeline<Value>: @unchecked Sendable {
    /// One row as the reading thread found it.
    enum Row {
        case checked(RowCheck<Value>, CSVRecord)
        case malformed(CSVError, CSVRecord)
    }

    private static var batchSize: Int { 2_048 }
    private static var queueCapacity: Int { 4 }

    private let condition = NSCondition()
    private var queue: [[Row]] = []
    private var finished = false
    private var cancelled = false
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)

    /// Starts reading `reader` through `check` on a new thread; `progress` is called from it.
    init<Handler: RowHandler>(
        reader: CSVReader, handler: Handler, progress: @escaping (Int) -> Void
    ) where Handler.Value == Value {
        // The reading thread owns the reader and the handler (its duplicate-id memory) until it ends.
        let work = Work(reader: reader, handler: handler, progress: progress)
        let thread = Thread { [self] in
            var handler = work.handler
            var batch: [Row] = []
            var rows = 0
            batch.reserveCapacity(Self.batchSize)
            while !isCancelled, let (record, error) = work.reader.nextLeniently() {
                rows += 1
                batch.append(error.map { .malformed($0, record) } ?? .checked(handler.check(record), record))
                if batch.count == Self.batchSize {
                    push(batch)
                    batch.removeAll(keepingCapacity: true)
                    work.progress(rows)
                }
            }
            if !batch.isEmpty { push(batch) }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private struct Work<Handler>: @unchecked Sendable {
        let reader: CSVReader
        let handler: Handler
        let progress: (Int) -> Void
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    private func push(_ batch: [Row]) {
        condition.lock()
        while queue.count >= Self.queueCapacity && !cancelled { condition.wait() }
        if !cancelled { queue.append(batch) }
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch of rows in file order, or nil after the last.
    func next() -> [Row]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Stops the reading thread (when the caller gave up early) and waits until it has ended.
    func stop() {
        condition.lock()
        guard !stopped else { condition.unlock(); return }
        stopped = true
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
        done.wait()
    }
}
