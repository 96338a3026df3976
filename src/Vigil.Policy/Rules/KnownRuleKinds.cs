using Vigil.Policy.Model;

namespace Vigil.Policy.Rules;

/// <summary>Every rule kind a policy may use: one line each. A kind not listed here is an error naming its line.</summary>
public static class KnownRuleKinds
{
    public static readonly IReadOnlyDictionary<string, Func<ConfigMap, IRule>> All = new Dictionary<string, Func<ConfigMap, IRule>>(StringComparer.Ordinal)
    {
        [FileRule.Name] = FileRule.Parse,
        [ConfigRule.Name] = ConfigRule.Parse,
        [DirectoryRule.Name] = DirectoryRule.Parse,
        [FilesystemRule.Name] = FilesystemRule.Parse,
        [SysctlRule.Name] = SysctlRule.Parse,
        [KernelModuleRule.Name] = KernelModuleRule.Parse,
        [MountRule.Name] = MountRule.Parse,
        [PackageRule.Name] = PackageRule.Parse,
        [SystemdUnitRule.Name] = SystemdUnitRule.Parse,
        [PortRule.Name] = PortRule.Parse,
        [UsersRule.UsersName] = UsersRule.ParseUsers,
        [UsersRule.GroupsName] = UsersRule.ParseGroups,
        [CertificateRule.Name] = CertificateRule.Parse,
        [ProcessRule.Name] = ProcessRule.Parse,
        [CommandRule.Name] = CommandRule.Parse,
        [FactRule.Name] = FactRule.Parse,
    };
}
