import Testing
@testable import SMTP

/// The bucket with instants given by the test: no clock is read.
@Suite("Token bucket")
struct TokenBucketTests {
    let start = ContinuousClock.now

    func at(_ seconds: Double) -> ContinuousClock.Instant { start.advanced(by: .seconds(seconds)) }

    @Test func aFullBucketAllowsOneSecondOfBurstThenNothing() {
        var bucket = TokenBucket(rate: 14, at: start)
        #expect(bucket.capacity == 14)
        let taken = (0..<20).count { _ in bucket.take(at: start) }
        #expect(taken == 14)
        #expect(bucket.available(at: start) < 1)
    }

    @Test func tokensComeBackAtTheRate() {
        var bucket = TokenBucket(rate: 8, at: start)
        for _ in 0..<8 { bucket.take(at: start) }
        let early = bucket.take(at: at(0.1))
        #expect(!early, "0.8 of a token after 100 ms")
        #expect(bucket.available(at: at(0.5)) == 4)
        let taken = (0..<10).count { _ in bucket.take(at: at(0.5)) }
        #expect(taken == 4)
        #expect(bucket.available(at: at(1.5)) == 8, "one second later the bucket is full again")
    }

    @Test func aQuietSpellNeverFillsBeyondTheCapacity() {
        var bucket = TokenBucket(rate: 2, capacity: 5, at: start)
        for _ in 0..<5 { bucket.take(at: start) }
        #expect(bucket.available(at: at(3_600)) == 5)
        let taken = (0..<100).count { _ in bucket.take(at: at(3_600)) }
        #expect(taken == 5)
    }

    @Test func aSlowRateStillHoldsOneToken() {
        var bucket = TokenBucket(rate: 0.25, at: start)
        #expect(bucket.capacity == 1)
        let taken = [bucket.take(at: start), bucket.take(at: at(3.9)), bucket.take(at: at(4))]
        #expect(taken == [true, false, true])
    }

    @Test func reservationsPromiseTheNextTokensInTurn() {
        var bucket = TokenBucket(rate: 4, at: start)
        let first = (0..<4).map { _ in bucket.reserve(at: start) }
        #expect(first.allSatisfy { $0 == start }, "four tokens were there")
        let promised = (0..<3).map { _ in bucket.reserve(at: start) - start }
        #expect(promised == [.milliseconds(250), .milliseconds(500), .milliseconds(750)])
        #expect(bucket.tokens == -3)
        // At 0.5 s two promised tokens have come; the next caller waits behind the third.
        #expect(bucket.reserve(at: at(0.5)) - start == .seconds(1))
    }

    @Test func anEarlierInstantChangesNothing() {
        var bucket = TokenBucket(rate: 4, at: at(10))
        for _ in 0..<4 { bucket.take(at: at(10)) }
        bucket.refill(at: at(5))
        #expect(bucket.updatedAt == at(10))
        #expect(bucket.tokens == 0)
    }

    @Test func aNewRateKeepsTheTokensUpToItsCapacity() {
        var bucket = TokenBucket(rate: 10, at: start)
        bucket.changeRate(to: 4, at: start)
        #expect(bucket.rate == 4)
        #expect(bucket.capacity == 4)
        #expect(bucket.tokens == 4, "ten tokens capped at the new capacity")
        for _ in 0..<4 { bucket.take(at: start) }
        #expect(bucket.available(at: at(0.5)) == 2)
        bucket.changeRate(to: 8, at: at(0.5))
        #expect(bucket.available(at: at(0.75)) == 4, "two kept, two more at the new rate in 250 ms")
    }
}
