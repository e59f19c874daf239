/// What an import did (or, for a dry run or a refused file, would have done).
public struct ImportReport: Sendable, Hashable {
    /// The file as the operator named it.
    public var file: String
    /// Whether the changes were kept: false for a dry run and for a file refused for its problems.
    public var committed = false
    /// Whether the file is refused as a whole for its problems: nothing of it was kept (or, in a
    /// dry run, nothing would be). False when `--skip-invalid` leaves only the bad rows out.
    public var refused = false
    /// Data rows read (the header not counted), valid or not.
    public var rowsRead = 0
    /// Rows left out of a `--skip-invalid` import and written to the rejects file (in a dry run,
    /// the rows that would be).
    public var rowsRejected = 0

    /// New customers.
    public var inserted = 0
    /// Known customers with at least one changed field.
    public var updated = 0
    /// Known customers given exactly the values they had.
    public var unchanged = 0
    /// Rows for addresses erased with `keepsake customers forget`, not stored.
    public var skippedForgotten = 0

    /// Consent events appended to the ledger.
    public var consentRecorded = 0
    /// Consent statements that repeat what the ledger already says.
    public var consentUnchanged = 0
    /// Consent statements older than the ledger's latest event for the address.
    public var consentOlderThanLedger = 0
    /// Consent statements for erased addresses, refused.
    public var consentRefused = 0
    /// Topic consent events appended to the ledger (a topic left, or kept again).
    public var topicChoicesRecorded = 0

    /// Orders added to their customers.
    public var ordersApplied = 0
    /// Orders imported before (by order id); nothing changed.
    public var ordersAlreadyImported = 0
    /// Orders whose customer is not in the store: stored as guest orders (counted unless refunded
    /// or cancelled), listed by `keepsake orders unmatched`.
    public var ordersUnknownCustomer = 0
    /// Orders imported before whose status the file changes (refunded, cancelled, counted again).
    public var ordersStatusChanged = 0
    /// New orders stored as refunded or cancelled: kept, not counted.
    public var ordersNotCounted = 0
    /// Orders attributed to the delivery whose coupon code they used.
    public var ordersAttributedByCoupon = 0
    /// Orders attributed to the latest Keepsake message within the attribution window.
    public var ordersAttributedByWindow = 0
    /// Keepsake coupon codes redeemed by the file's orders.
    public var couponCodesRedeemed = 0
    /// Keepsake codes used by an order after another order had redeemed them: not redeemed again.
    public var couponCodesRedeemedBefore = 0
    /// Codes used that Keepsake never issued: the shop's own, counted as not Keepsake's.
    public var shopCodes = 0
    /// Further line-item rows of an order (one row per line item): their lines are stored with it.
    public var lineItemRowsPassedOver = 0

    /// Every problem found, in file order (at most ``ImportReport/problemLimit`` are kept).
    public var problems: [ImportProblem] = []
    /// Problems found beyond ``ImportReport/problemLimit``, counted but not kept.
    public var problemsNotListed = 0

    /// The most problems a report keeps, so a file of a million bad rows cannot exhaust memory.
    public static let problemLimit = 10_000

    /// An empty report for `file`.
    public init(file: String) {
        self.file = file
    }

    /// All problems found, including those not listed.
    public var problemCount: Int { problems.count + problemsNotListed }

    mutating func add(_ problems: [ImportProblem]) {
        for problem in problems {
            if self.problems.count < Self.problemLimit {
                self.problems.append(problem)
            } else {
                problemsNotListed += 1
            }
        }
    }

    /// Forgets the store outcomes, for a file refused as a whole: nothing of it was kept.
    mutating func clearOutcomes() {
        (inserted, updated, unchanged, skippedForgotten) = (0, 0, 0, 0)
        (consentRecorded, consentUnchanged, consentOlderThanLedger, consentRefused) = (0, 0, 0, 0)
        topicChoicesRecorded = 0
        (ordersApplied, ordersAlreadyImported, ordersUnknownCustomer, ordersStatusChanged) = (0, 0, 0, 0)
        (ordersNotCounted, ordersAttributedByCoupon, ordersAttributedByWindow) = (0, 0, 0)
        (couponCodesRedeemed, couponCodesRedeemedBefore, shopCodes) = (0, 0, 0)
    }
}

/// How far an import has got, for a progress bar.
public struct ImportProgress: Sendable, Hashable {
    /// Data rows read so far.
    public var rowsRead: Int
    /// Bytes read from the file so far.
    public var bytesRead: Int
    /// The file's size in bytes, when known.
    public var fileSize: Int?
}

/// How to import a file.
public struct ImportOptions: Sendable {
    /// How the file's columns become Keepsake's fields; Keepsake's own format by default.
    public var mapping: ImportMapping
    /// Report what would change, then roll everything back.
    public var dryRun: Bool
    /// When set, import the valid rows and write the others, with their problems, to this CSV
    /// file (a dry run only counts them); when nil, any problem refuses the whole file.
    public var rejectsPath: String?
    /// The file name shown in problems and consent references; the path by default.
    public var displayName: String?
    /// Called every few thousand rows and once at the end.
    public var progress: (@Sendable (ImportProgress) -> Void)?

    /// Options for an all-or-nothing import with `mapping`.
    public init(
        mapping: ImportMapping, dryRun: Bool = false, rejectsPath: String? = nil, displayName: String? = nil,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) {
        self.mapping = mapping
        self.dryRun = dryRun
        self.rejectsPath = rejectsPath
        self.displayName = displayName
        self.progress = progress
    }
}
