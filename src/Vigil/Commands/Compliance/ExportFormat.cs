namespace Vigil.Cli.Commands.Compliance;

/// <summary>What <c>vigil compliance export</c> writes.</summary>
public enum ExportFormat
{
    /// <summary>An OSCAL 1.1 assessment-results JSON document.</summary>
    Oscal,

    /// <summary>One self-contained HTML report, readable offline and printable.</summary>
    Html,

    /// <summary>One row per control × check × host, RFC 4180, safe to open in a spreadsheet.</summary>
    Csv,
}
