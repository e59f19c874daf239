import StrictYAML
import Testing

/// A small schema exercising every accessor, used by the malformed-document table.
struct SampleSchema {
    var name: String
    var port: Int?
    var enabled: Bool?
    var timeout: Duration?
    var tags: [String]
    var mode: String?
    var host: String?

    static func read(_ contents: String, file: String = "sample.yaml") throws(YAMLError) -> SampleSchema {
        let document = try YAMLDocument(contents: contents, file: file)
        let root = try document.rootMapping()
        try root.rejectUnknownKeys(allowed: ["name", "port", "enabled", "timeout", "tags", "mode", "server"])
        let server = try root.value(for: "server")?.mapping()
        try server?.rejectUnknownKeys(allowed: ["host"])
        return SampleSchema(
            name: try root.required("name", example: "Sahab").string(),
            port: try root.value(for: "port")?.int(in: 1...65535),
            enabled: try root.value(for: "enabled")?.bool(),
            timeout: try root.value(for: "timeout")?.duration(),
            tags: try root.value(for: "tags")?.stringList() ?? [],
            mode: try root.value(for: "mode")?.oneOf(["fast", "safe"]),
            host: try server?.value(for: "host")?.string()
        )
    }
}

/// Parses `contents` as a document whose root is a single value, for accessor tests.
func scalar(_ contents: String) throws -> YAMLValue {
    let document = try YAMLDocument(contents: "value: \(contents)\n", file: "value.yaml")
    return try #require(try document.rootMapping().value(for: "value"))
}
