using System.CommandLine;

namespace Vigil.Cli.Commands.Compliance;

/// <summary><c>vigil compliance …</c>: scores, results, evidence, exceptions and remediation of the fleet's compliance policies.</summary>
public static class ComplianceCommands
{
    public static Command Build(TimeProvider time)
    {
        var compliance = new Command("compliance", "Compliance of the fleet: scores, failing checks, evidence, exceptions and remediation");
        compliance.Subcommands.Add(ComplianceViewCommands.Summary());
        compliance.Subcommands.Add(ComplianceViewCommands.Hosts(time));
        compliance.Subcommands.Add(ComplianceViewCommands.Host(time));
        compliance.Subcommands.Add(ComplianceViewCommands.Failing(time));
        compliance.Subcommands.Add(ComplianceViewCommands.Results());
        compliance.Subcommands.Add(ComplianceExceptionCommands.Build(time));
        compliance.Subcommands.Add(ComplianceRemediationCommands.Remediate(time));
        compliance.Subcommands.Add(ComplianceRemediationCommands.List(time));
        compliance.Subcommands.Add(ComplianceVerifyCommand.Create());
        compliance.Subcommands.Add(ComplianceExportCommand.Create(time));
        return compliance;
    }
}
