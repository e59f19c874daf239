@testable import Configuration
import Foundation
import Testing

@Suite("database.url: the store on PostgreSQL")
struct PostgresSettingsTests {
    private func file(_ databaseLines: String) -> String {
        """
        smtp:
          url: smtp://relay.example.net:587
        sender:
          from: hello@shop.example
        database:
        \(databaseLines)

        """
    }

    @Test func withoutAURLTheStoreIsSQLite() throws {
        let configuration = try ConfigurationFixture().load(minimalFile)
        #expect(configuration.postgres == nil)
        #expect(configuration.databasePath == "/var/lib/keepsake/keepsake.sqlite")
    }

    @Test func aRemoteServerVerifiesTLSAndReadsThePasswordFromAFile() throws {
        let fixture = try ConfigurationFixture()
        let passwordFile = try fixture.write("s3cret pass\n", to: "database-password")
        let configuration = try fixture.load(file("""
              url: postgresql://keepsake@db.shop.example:6432/keepsake
              password_file: \(passwordFile)
            """))
        let expected = PostgresSettings(host: "db.shop.example", port: 6432, user: "keepsake", database: "keepsake", password: "s3cret pass", tls: .required)
        #expect(configuration.postgres == expected)
        #expect(configuration.postgres?.displayName == "keepsake@db.shop.example:6432/keepsake")
    }

    @Test func theCertificateAuthorityFileAndASystemdCredential() throws {
        let fixture = try ConfigurationFixture()
        try fixture.write("from-credential\n", to: "database-password")
        let authority = try fixture.write("-----BEGIN CERTIFICATE-----\n", to: "ca.pem")
        let configuration = try fixture.load(
            file("""
                  url: postgres://shop%2Downer@[2001:db8::5]/orders
                  password_credential: database-password
                  ca_file: \(authority)
                """),
            environment: ["CREDENTIALS_DIRECTORY": fixture.directory.path])
        let settings = try #require(configuration.postgres)
        #expect(settings.host == "2001:db8::5")
        #expect(settings.port == 5432)
        #expect(settings.user == "shop-owner")
        #expect(settings.password == "from-credential")
        #expect(settings.tls == .required)
        #expect(settings.caFile == authority)
    }

    @Test func loopbackAndUnixSocketsArePlainByDefault() throws {
        let fixture = try ConfigurationFixture()
        let loopback = try fixture.load(file("  url: postgresql://keepsake@127.0.0.1:5433/keepsake"))
        #expect(loopback.postgres?.tls == .off)
        #expect(loopback.postgres?.password == nil)
        let socket = try fixture.load(file("  url: postgresql://keepsake@%2Frun%2Fpostgresql/keepsake"))
        #expect(socket.postgres?.socketDirectory == "/run/postgresql")
        #expect(socket.postgres?.host == nil)
        #expect(socket.postgres?.tls == .off)
        let verified = try fixture.load(file("  url: postgresql://keepsake@localhost/keepsake\n  tls: required"))
        #expect(verified.postgres?.tls == .required)
    }

    @Test func theEnvironmentSelectsPostgreSQL() throws {
        let configuration = try ConfigurationFixture().load(minimalFile, environment: ["KEEPSAKE_DATABASE_URL": "postgresql://keepsake@127.0.0.1/keepsake"])
        #expect(configuration.postgres?.host == "127.0.0.1")
    }

    @Test(arguments: [
        ("  url: mysql://keepsake@db.shop.example/keepsake", "keepsake.yaml:6:8: database.url: unknown scheme \"mysql\""),
        ("  url: db.shop.example/keepsake", "keepsake.yaml:6:8: database.url: expected a URL such as postgresql://USER@HOST:5432/DATABASE"),
        ("  url: postgresql://keepsake:hunter2@db.shop.example/keepsake", "keepsake.yaml:6:8: database.url: a password never goes in database.url"),
        ("  url: postgresql://db.shop.example/keepsake", "database.url: the URL names no user"),
        ("  url: postgresql://keepsake@db.shop.example", "database.url: the URL names no database"),
        ("  url: postgresql://keepsake@db.shop.example/", "database.url: the URL names no database"),
        ("  url: postgresql://keepsake@db.shop.example:70000/keepsake", "database.url: the port \"70000\" is not a number from 1 to 65535"),
        ("  url: postgresql://keepsake@db.shop.example:0/keepsake", "the port \"0\" is not a number from 1 to 65535"),
        ("  url: postgresql://keepsake@db.shop.example:54x/keepsake", "the port \"54x\" is not a number"),
        ("  url: postgresql://keepsake@db.shop.example/keepsake?sslmode=disable", "database.url takes no query"),
        ("  url: postgresql://keepsake@db%ZZ/keepsake", "the host in the URL has a % not followed by two hexadecimal digits"),
        ("  url: postgresql://keepsake@db_shop!/keepsake", "the host \"db_shop!\" is not a host name or address"),
        ("  url: postgresql://keepsake@[::1/keepsake", "no closing ]"),
        ("  url: postgresql://keepsake@db.shop.example/keepsake\n  password_file: /nonexistent/database-password",
         "keepsake.yaml:7:18: database.password_file: cannot read the database password file /nonexistent/database-password"),
        ("  url: postgresql://keepsake@db.shop.example/keepsake\n  password_credential: database-password",
         "keepsake.yaml:7:24: database.password_credential: the systemd credential database-password cannot be read: CREDENTIALS_DIRECTORY is not set"),
        ("  url: postgresql://keepsake@db.shop.example/keepsake\n  password_file: /a\n  password_credential: b", "give the database password once"),
        ("  url: postgresql://keepsake@db.shop.example/keepsake\n  tls: off", "keepsake.yaml:7:8: database.tls: tls: off is allowed only for a server on loopback"),
        ("  url: postgresql://keepsake@db.shop.example/keepsake\n  tls: prefer", "keepsake.yaml:7:8: database.tls:"),
        ("  url: postgresql://keepsake@db.shop.example/keepsake\n  ca_file: /nonexistent/ca.pem", "cannot read the certificate authority file /nonexistent/ca.pem"),
        ("  url: postgresql://keepsake@127.0.0.1/keepsake\n  ca_file: /etc/hostname", "database.ca_file needs tls: required"),
        ("  url: postgresql://keepsake@db.shop.example/keepsake\n  path: /var/lib/keepsake/keepsake.sqlite", "give one store: database.path (SQLite) or database.url (PostgreSQL), not both"),
        ("  path: /var/lib/keepsake/keepsake.sqlite\n  password_file: /etc/hostname", "database.password_file is for PostgreSQL"),
        ("  url: postgresql://keepsake@db.shop.example/keepsake\n  password: hunter2", "keepsake.yaml:7:3: database.password: unknown key"),
    ])
    func garbageNamesTheSetting(databaseLines: String, expected: String) throws {
        let error = try #require(try ConfigurationFixture().error(file(databaseLines)))
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test func anOverlongURLIsRefusedWithItsLimit() throws {
        let url = "postgresql://keepsake@" + String(repeating: "a", count: 2_000) + "/keepsake"
        let error = try #require(try ConfigurationFixture().error(file("  url: \(url)")))
        #expect(error.description.contains("longer than 1024 bytes"), "\(error)")
    }
}
