namespace Vigil.Server.Compliance.Export;

/// <summary>
/// A control framework a report is made for. <see cref="MappingKeys"/> are the keys under a check's <c>compliance</c>
/// mappings that name its controls (SOC 2 criteria are written <c>tsc</c> in policies, <c>soc2</c> also counts).
/// </summary>
public sealed record ComplianceFramework(string Id, string Title, IReadOnlyList<string> MappingKeys)
{
    public static readonly ComplianceFramework Cis = new("cis", "CIS Benchmarks", ["cis"]);
    public static readonly ComplianceFramework Nist80053 = new("nist_800_53", "NIST SP 800-53", ["nist_800_53"]);
    public static readonly ComplianceFramework Iso27001 = new("iso_27001", "ISO/IEC 27001", ["iso_27001"]);
    public static readonly ComplianceFramework Soc2 = new("soc2", "SOC 2 Trust Services Criteria", ["soc2", "tsc"]);
    public static readonly ComplianceFramework Hipaa = new("hipaa", "HIPAA Security Rule", ["hipaa"]);
    public static readonly ComplianceFramework PciDss = new("pci_dss", "PCI DSS", ["pci_dss"]);

    public static IReadOnlyList<ComplianceFramework> All { get; } = [Cis, Nist80053, Iso27001, Soc2, Hipaa, PciDss];

    /// <summary>The framework called <paramref name="id"/>, or null; callers name the known ones in their error.</summary>
    public static ComplianceFramework? Find(string id) =>
        All.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The control ids of this framework a row maps to, in the order the policy lists them, without repeats.</summary>
    public IReadOnlyList<string> ControlsOf(EvidenceRow row)
    {
        var controls = new List<string>();
        foreach (var key in MappingKeys)
        {
            if (row.Compliance.TryGetValue(key, out var ids))
            {
                controls.AddRange(ids.Where(id => !string.IsNullOrWhiteSpace(id) && !controls.Contains(id)));
            }
        }
        return controls;
    }
}
