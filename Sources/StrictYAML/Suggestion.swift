/// Finds the word an operator most likely meant, for "did you mean …?" hints.
public enum Suggestion {
    /// The candidate closest to `word` within an edit distance of 2 (letters compared without case), if any.
    ///
    /// Swapping two neighbouring letters counts as one edit, so `strattls` finds `starttls`.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let typed = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(typed, Array(candidate.lowercased()))
            if distance <= 2, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// `" (did you mean X?)"` or an empty string.
    static func hint(for word: String, among candidates: some Sequence<String>) -> String {
        closest(to: word, among: candidates).map { " (did you mean \($0)?)" } ?? ""
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours.
    static func editDistance(_ source: [Character], _ target: [Character]) -> Int {
        if source.isEmpty { return target.count }
        if target.isEmpty { return source.count }
        var previousRow = [Int](repeating: 0, count: target.count + 1)
        var row = Array(0...target.count)
        var rowBeforePrevious = row
        for sourceIndex in 1...source.count {
            rowBeforePrevious = previousRow
            previousRow = row
            row = [Int](repeating: 0, count: target.count + 1)
            row[0] = sourceIndex
            for targetIndex in 1...target.count {
                let cost = source[sourceIndex - 1] == target[targetIndex - 1] ? 0 : 1
                var distance = min(
                    previousRow[targetIndex] + 1,
                    row[targetIndex - 1] + 1,
                    previousRow[targetIndex - 1] + cost
                )
                if sourceIndex > 1, targetIndex > 1,
                   source[sourceIndex - 1] == target[targetIndex - 2],
                   source[sourceIndex - 2] == target[targetIndex - 1] {
                    distance = min(distance, rowBeforePrevious[targetIndex - 2] + 1)
                }
                row[targetIndex] = distance
            }
        }
        return row[target.count]
    }

    /// `a, b or c`.
    static func list(_ words: [String], conjunction: String = "or") -> String {
        guard let last = words.last else { return "" }
        if words.count == 1 { return last }
        return words.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}
