// libyaml is the parser Yams composes with; its C module comes with the Yams dependency. Its event
// stream is read here, without building a tree or recursing, so that limits hold before Yams composes.
internal import CYaml

/// Reads a document's events once to refuse, before it is composed into a tree, nesting deeper than
/// ``YAMLLimits/maximumDepth`` and aliases that repeat more than ``YAMLLimits/maximumAliasExpansions``
/// values (an alias bomb), each at the line and column of the list, section or alias that passes the limit.
///
/// A syntax error ends the scan quietly: composing reports it with its own message.
struct YAMLLimitScanner {
    let contents: String
    let file: String

    /// An open list or section: its anchor, and how many values it holds so far (itself included).
    private struct Collection {
        var anchor: String?
        var size = 1
    }

    func check() throws(YAMLError) {
        let bytes = Array(contents.utf8)
        guard !bytes.isEmpty else { return }
        let failure = bytes.withUnsafeBufferPointer { buffer in scan(buffer) }
        if let failure { throw failure }
    }

    private func scan(_ buffer: UnsafeBufferPointer<UInt8>) -> YAMLError? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var open: [Collection] = []
        var anchorSizes: [String: Int] = [:]
        var expansions = 0
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) == 1 {
            defer { yaml_event_delete(&event) }
            var finished: (anchor: String?, size: Int)?
            switch event.type {
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard open.count < YAMLLimits.maximumDepth else { return depthError(at: event.start_mark) }
                let anchor = event.type == YAML_SEQUENCE_START_EVENT
                    ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                open.append(Collection(anchor: Self.text(anchor)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let collection = open.popLast() else { continue }
                finished = (collection.anchor, collection.size)
            case YAML_SCALAR_EVENT:
                finished = (Self.text(event.data.scalar.anchor), 1)
            case YAML_ALIAS_EVENT:
                let name = Self.text(event.data.alias.anchor) ?? ""
                let size = anchorSizes[name] ?? 0
                expansions += size
                if expansions > YAMLLimits.maximumAliasExpansions {
                    return aliasError(name, at: event.start_mark)
                }
                finished = (nil, size)
            case YAML_STREAM_END_EVENT:
                return nil
            default:
                continue
            }
            if let finished {
                if let anchor = finished.anchor { anchorSizes[anchor] = finished.size }
                if !open.isEmpty { open[open.count - 1].size += finished.size }
            }
        }
        return nil
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private func depthError(at mark: yaml_mark_t) -> YAMLError {
        YAMLError(
            .limitExceeded, file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1,
            message: YAMLLimits.depthMessage)
    }

    private func aliasError(_ name: String, at mark: yaml_mark_t) -> YAMLError {
        YAMLError(
            .limitExceeded, file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1,
            message: "the alias *\(name) here makes the aliases of this file repeat more than "
                + "\(YAMLLimits.written(YAMLLimits.maximumAliasExpansions)) values (the limit); "
                + "write the values out instead of repeating them with aliases")
    }
}
