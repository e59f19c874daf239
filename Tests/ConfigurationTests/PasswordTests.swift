@testable import Configuration
import Foundation
import SMTP
import Testing

@Suite("SMTP password sources")
struct PasswordTests {
    private func file(_ passwordLines: String) -> String {
        """
        smtp:
          url: smtp://relay.example.net:587
          username: keepsake
        \(passwordLines)
        sender:
          from: hello@shop.example

        """
    }

    @Test func fromAFileWithoutItsTrailingLineBreak() throws {
        let fixture = try ConfigurationFixture()
        let passwordFile = try fixture.write("correct horse\n", to: "smtp-password")
        let configuration = try fixture.load(file("  password_file: \(passwordFile)"))
        #expect(configuration.smtp.credentials == .init(username: "keepsake", password: "correct horse"))
    }

    @Test func fromAnEnvironmentVariableNamedInTheFile() throws {
        let configuration = try ConfigurationFixture().load(file("  password_env: SHOP_SMTP_PASSWORD"), environment: ["SHOP_SMTP_PASSWORD": "battery staple"])
        #expect(configuration.smtp.credentials?.password == "battery staple")
    }

    @Test func fromASystemdCredential() throws {
        let fixture = try ConfigurationFixture()
        try fixture.write("from-credential\n", to: "smtp-password")
        let configuration = try fixture.load(file("  password_credential: smtp-password"), environment: ["CREDENTIALS_DIRECTORY": fixture.directory.path])
        #expect(configuration.smtp.credentials?.password == "from-credential")
    }

    @Test func fromKeepsakeSMTPPasswordReplacingTheFilesSource() throws {
        let configuration = try ConfigurationFixture().load(
            file("  password_env: UNSET_VARIABLE"), environment: ["KEEPSAKE_SMTP_PASSWORD": "from-environment"]
        )
        #expect(configuration.smtp.credentials?.password == "from-environment")
    }

    @Test(arguments: [
        ("  password_file: /nonexistent/smtp-password", [String: String](), "keepsake.yaml:4:18: smtp.password_file: cannot read the password file /nonexistent/smtp-password"),
        ("  password_env: SHOP_SMTP_PASSWORD", [:], "keepsake.yaml:4:17: smtp.password_env: the environment variable SHOP_SMTP_PASSWORD that should hold the SMTP password is not set"),
        ("  password_credential: smtp-password", [:], "keepsake.yaml:4:24: smtp.password_credential: the systemd credential smtp-password cannot be read: CREDENTIALS_DIRECTORY is not set"),
        ("  password_credential: smtp-password", ["CREDENTIALS_DIRECTORY": "/nonexistent"], "there is no systemd credential smtp-password in /nonexistent"),
        ("  password_env: A\n  password_credential: b", [:], "keepsake.yaml:5:24: smtp.password_credential: give only one password source"),
        ("", [:], "keepsake.yaml:3:13: smtp.username: a username needs a password"),
    ])
    func problemsNameTheSource(passwordLines: String, environment: [String: String], expected: String) throws {
        let error = try #require(try ConfigurationFixture().error(file(passwordLines), environment: environment))
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test func aPasswordWithoutAUsernameIsRefused() throws {
        let error = try #require(try ConfigurationFixture().error("""
            smtp:
              url: smtp://relay.example.net:587
              password_env: SHOP_SMTP_PASSWORD
            sender:
              from: hello@shop.example

            """, environment: ["SHOP_SMTP_PASSWORD": "x"]))
        #expect(error.description.contains("keepsake.yaml:3:17: smtp.password_env: a password needs a username"), "\(error)")
    }

    @Test func anEmptyPasswordFileIsRefused() throws {
        let fixture = try ConfigurationFixture()
        let passwordFile = try fixture.write("\n", to: "smtp-password")
        let error = try #require(try fixture.error(file("  password_file: \(passwordFile)")))
        #expect(error.description.contains("is empty; write the SMTP password in it"), "\(error)")
    }
}
