import ArgumentParser
import Foundation
import KeepsakeDaemon

/// `keepsake validate`: check every campaign file and template before it reaches a customer.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the calendar, campaigns, segment conditions and templates; list every problem.",
        discussion: """
            Run it after every edit to campaigns/ or templates/, before committing. It reads the \
            folders the service sends from, daemon.campaigns and daemon.templates of the \
            configuration (./campaigns and ./templates without a configuration file), unless \
            --campaigns and --templates name others. It checks:
              - calendar.yaml and every campaign file (keys, values, dates in their calendars),
              - segment conditions (fields, operators, types),
              - templates (syntax, unknown variables, a locale missing its plain-text part),
              - that every template a campaign names exists,
              - that the From address is in a domain the operator allows (and aligned with DKIM),
              - whether DKIM signing is configured (`keepsake dkim check` compares its keys with DNS).
            Each problem is printed as FILE:LINE:COLUMN: message, with the condition and a caret \
            where that helps. Exit status: 0 when there is no error (warnings are printed), 65 \
            otherwise.

            Examples:
              keepsake validate
              keepsake validate --campaigns shop/campaigns --templates shop/templates
            """
    )

    @OptionGroup var files: CampaignFilesOptions
    @OptionGroup var configurationOptions: ConfigurationOptions

    func run() throws {
        let settings = try configurationOptions.load()
        let checked = files.loader(settings).check(dkimDomain: settings.dkim?.rsa.domain)
        for problem in checked.problems { print(problem) }
        var warnings = checked.problems.count - checked.errors.count
        if settings.unsubscribe.usesDevelopmentSecret && !settings.source.hasPrefix("embedded") {
            warnings += 1
            print("\(settings.source): warning: unsubscribe.secret_file is not set, so unsubscribe links and coupon codes "
                + "use a development key anyone can know; create one with `head -c 32 /dev/urandom > FILE` and set it")
        }
        warnings += DKIMStatusText.print(settings)
        let errors = checked.errors.count
        let summary = "\(checked.campaignSet.campaigns.count) campaigns, \(checked.templateLibrary.templateNames.count) templates"
        if errors > 0 {
            printError("keepsake validate: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
            throw ExitCode(65)
        }
        print("ok: \(summary)\(warnings > 0 ? "; \(warnings) warning\(warnings == 1 ? "" : "s")" : "")")
    }
}
