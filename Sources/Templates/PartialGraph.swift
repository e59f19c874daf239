/// A `{{>name}}` tag, with the file and place it is written.
struct PartialInclude: Hashable, Sendable {
    /// The partial included, such as `header`.
    let name: String
    /// The file that includes it.
    let file: String
    /// Where the tag is.
    let position: SourcePosition

    /// The `{{>name}}` tags of `source`, in order.
    static func all(in source: String, file: String) -> [PartialInclude] {
        MustacheScanner.tags(in: source).filter { $0.kind == .partial }.map {
            PartialInclude(name: $0.name, file: file, position: $0.tagPosition)
        }
    }
}

/// The partials of `_layout` as one locale resolves them (each name from the first folder of its
/// chain that has the file), with what each includes: checked for partials that include
/// themselves, directly or through others, and for partials nested past
/// ``TemplateLimits/maximumPartialDepth``. Mustache would render either without end.
struct PartialGraph {
    /// The includes of each file, by partial name (`layout` for the page).
    private(set) var includes: [String: [PartialInclude]] = [:]

    /// The graph of the layout folders of one chain, most specific first.
    init(folders: [LayoutFolder]) {
        for folder in folders {
            for name in folder.present where includes[name] == nil {
                includes[name] = folder.includes[name] ?? []
            }
        }
    }

    /// The loops and the includes past the depth limit, each at the `{{>name}}` that closes the loop
    /// or passes the limit.
    func problems() -> [TemplateProblem] {
        var search = Search(includes: includes)
        for name in includes.keys.sorted() { search.visit(name, path: []) }
        return search.problems
    }

    /// A depth-first search that remembers, for each partial it finished, how deep its includes go.
    private struct Search {
        let includes: [String: [PartialInclude]]
        var height: [String: Int] = [:]
        var problems: [TemplateProblem] = []

        /// How many levels of partials `name` includes below itself (capped at the limit).
        @discardableResult
        mutating func visit(_ name: String, path: [String]) -> Int {
            if let known = height[name] { return known }
            var deepest = 0
            for include in includes[name] ?? [] where includes[include.name] != nil {
                if include.name == name || path.contains(include.name) {
                    let loop = (path.drop(while: { $0 != include.name }) + [name, include.name]).joined(separator: " → ")
                    problems.append(problem(.partialLoop, include, include.name == name
                        ? "the partial \(name) includes itself, so it would be repeated without end; remove this {{>\(name)}}"
                        : "this {{>\(include.name)}} closes a loop of partials (\(loop)) that would be repeated without end; "
                            + "remove one of these includes"))
                    continue
                }
                let below = visit(include.name, path: path + [name])
                if below == TemplateLimits.maximumPartialDepth {
                    problems.append(problem(.limitExceeded, include, "{{>\(include.name)}} here nests partials inside partials "
                        + "more than \(TemplateLimits.maximumPartialDepth) levels deep, the limit; include fewer partials inside partials"))
                }
                deepest = max(deepest, min(below + 1, TemplateLimits.maximumPartialDepth + 1))
            }
            height[name] = deepest
            return deepest
        }

        private func problem(_ code: TemplateProblem.Code, _ include: PartialInclude, _ message: String) -> TemplateProblem {
            TemplateProblem(code, file: include.file, line: include.position.line,
                            column: include.position.column, message)
        }
    }
}
