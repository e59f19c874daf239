/// The limits of templates, so that a hostile or mistaken template is refused by `keepsake validate`
/// at its file, line and column, and rendering never recurses without end.
public enum TemplateLimits {
    /// The largest template file read, in bytes: 1 MiB.
    public static let maximumBytes = 1_048_576
    /// How many sections (`{{#name}}`, `{{^name}}`) may be open inside one another in one file.
    public static let maximumSectionDepth = 32
    /// How many levels of partials may include partials: `{{>header}}` whose file includes
    /// `{{>logo}}` is two levels.
    public static let maximumPartialDepth = 8

    /// The problem with the first section opened deeper than ``maximumSectionDepth``, or over a list
    /// inside a section over a list (each level multiplies the output by the number of items), or nil.
    /// Checked before swift-mustache parses the file, which would exhaust the stack first.
    static func sectionDepthProblem(in source: String, file: String) -> TemplateProblem? {
        var open: [(tag: MustacheTag, isList: Bool)] = []
        for tag in MustacheScanner.tags(in: source) {
            switch tag.kind {
            case .section, .invertedSection:
                let isList = tag.kind == .section && TemplateVariables.resolve(tag.name, in: [TemplateVariables.root])
                    .map { if case .list = $0 { true } else { false } } == true
                let written = "{{\(tag.sigil)\(tag.name)}}"
                if open.count >= maximumSectionDepth {
                    return problem(at: tag, file: file, "the section \(written) is opened inside \(maximumSectionDepth) "
                        + "other sections, the limit; close sections before opening new ones")
                }
                if isList, let outer = open.last(where: \.isList) {
                    return problem(at: tag, file: file, "\(written) inside the list section {{#\(outer.tag.name)}} "
                        + "(line \(outer.tag.tagPosition.line)) would repeat its content for every pair of items; "
                        + "close {{/\(outer.tag.name)}} first")
                }
                open.append((tag, isList))
            case .sectionEnd:
                _ = open.popLast()
            default:
                break
            }
        }
        return nil
    }

    private static func problem(at tag: MustacheTag, file: String, _ message: String) -> TemplateProblem {
        TemplateProblem(.limitExceeded, file: file, line: tag.tagPosition.line, column: tag.tagPosition.column, message)
    }
}
