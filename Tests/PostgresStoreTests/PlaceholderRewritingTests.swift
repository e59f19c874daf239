import PostgresStore
import Testing

@Suite("? → $n, outside literals, identifiers and comments")
struct PlaceholderRewritingTests {
    @Test(arguments: [
        ("SELECT * FROM customers WHERE id = ? AND email = ?", "SELECT * FROM customers WHERE id = $1 AND email = $2", 2),
        ("SELECT '?', \"wh?at\" FROM t WHERE a = ?", "SELECT '?', \"wh?at\" FROM t WHERE a = $1", 1),
        ("SELECT 'it''s ?' || ? -- why? \n, ?", "SELECT 'it''s ?' || $1 -- why? \n, $2", 2),
        ("SELECT /* a ? /* nested ? */ still ? */ ?", "SELECT /* a ? /* nested ? */ still ? */ $1", 1),
        ("SELECT E'\\' ?' , ?", "SELECT E'\\' ?' , $1", 1),
        ("SELECT $$ ? $$, $tag$ it's ? $$ $tag$, ?", "SELECT $$ ? $$, $tag$ it's ? $$ $tag$, $1", 1),
        ("SELECT \"a\"\"?\" , ?", "SELECT \"a\"\"?\" , $1", 1),
        ("SELECT ?2, ?1, ?", "SELECT $2, $1, $3", 3),
        ("SELECT 'سلام ?', ? AS نام", "SELECT 'سلام ?', $1 AS نام", 1),
        ("SELECT me'?' , ?", "SELECT me'?' , $1", 1),
        // SQLite's INDEXED BY is dropped; a word that only starts like it, or one in a literal, stays.
        ("SELECT * FROM deliveries INDEXED BY deliveries_waiting WHERE a = ?", "SELECT * FROM deliveries  WHERE a = $1", 1),
        ("SELECT * FROM d indexed\n  by d_x WHERE indexed_at = 'INDEXED BY x'", "SELECT * FROM d  WHERE indexed_at = 'INDEXED BY x'", 0),
    ])
    func rewrites(sql: String, expected: String, count: Int) throws {
        let rewritten = try PlaceholderRewriting.rewrite(sql)
        #expect(rewritten.sql == expected)
        #expect(rewritten.argumentCount == count)
        #expect(rewritten.statements.count == 1)
    }

    @Test func splitsStatementsOutsideLiteralsAndDropsEmptyOnes() throws {
        let sql = """
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no; never'; END $$;
            -- a comment; alone
            ;;
            INSERT INTO t VALUES ('a;b', "c;d") ; /* ; */
            """
        let rewritten = try PlaceholderRewriting.rewrite(sql)
        #expect(rewritten.statements.count == 2)
        #expect(rewritten.statements[0].hasSuffix("END $$"))
        #expect(rewritten.statements[1].contains("INSERT INTO t VALUES ('a;b', \"c;d\") "))
    }

    @Test(arguments: [
        "SELECT 'never closed ?",
        "SELECT \"never closed",
        "SELECT /* never /* closed */ ?",
        "SELECT $x$ never closed $y$",
        "SELECT E'escaped \\' still open",
    ])
    func refusesTextThatNeverCloses(sql: String) {
        #expect(throws: PostgresStoreError.self) { try PlaceholderRewriting.rewrite(sql) }
    }

    @Test func refusesPlaceholderNumbersOutOfRange() {
        #expect(throws: PostgresStoreError.self) { try PlaceholderRewriting.rewrite("SELECT ?0") }
        #expect(throws: PostgresStoreError.self) { try PlaceholderRewriting.rewrite("SELECT ?99999999999999999999") }
    }

    @Test func aLongHostileTextIsReadInOnePass() throws {
        let sql = String(repeating: "'?''' /* ? */ \"?\" ", count: 20_000) + "?"
        let rewritten = try PlaceholderRewriting.rewrite(sql)
        #expect(rewritten.argumentCount == 1)
    }
}
