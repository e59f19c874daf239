import ArgumentParser
import Configuration
import KeepsakeDaemon

/// `--campaigns DIR` and `--templates DIR`: where the marketers' files are. Without them every
/// command uses the configuration's `daemon.campaigns` and `daemon.templates`, the folders the
/// service sends from (`./campaigns` and `./templates` without a configuration file).
struct CampaignFilesOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The folder with calendar.yaml and the campaign files (default: daemon.campaigns of the configuration).",
        valueName: "dir"))
    var campaigns: String?

    @Option(help: ArgumentHelp("The folder with the templates (default: daemon.templates of the configuration).", valueName: "dir"))
    var templates: String?

    /// The folders in force: the options, else the configuration's.
    func loader(_ settings: KeepsakeConfiguration) -> CampaignFilesLoader {
        CampaignFilesLoader(
            campaignsDirectory: campaigns ?? settings.daemon.campaignsDirectory,
            templatesDirectory: templates ?? settings.daemon.templatesDirectory, settings: settings)
    }

    /// The files of the folders in force, checked and ready; on any error every problem is printed
    /// with the advice to fix them first, and `command` exits 65.
    func usable(_ settings: KeepsakeConfiguration, command: String) throws -> UsableCampaignFiles {
        switch loader(settings).usable() {
        case .success(let files):
            return files
        case .failure(let refusal):
            for problem in refusal.problems { printError(problem) }
            printError("\(command): fix these problems first (`keepsake validate` lists them)")
            throw ExitCode(65)
        }
    }
}
