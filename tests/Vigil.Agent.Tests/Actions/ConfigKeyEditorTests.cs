using Vigil.Agent.Actions.ConfigEditing;

namespace Vigil.Agent.Tests.Actions;

public sealed class ConfigKeyEditorTests
{
    [Fact]
    public void Sshd_rewrites_a_global_line_before_any_include_or_match()
    {
        var text = "# sshd\nPort 22\npermitrootlogin yes\nMatch User backup\n  PermitRootLogin yes\n";
        Assert.Equal("# sshd\nPort 22\npermitrootlogin no\nMatch User backup\n  PermitRootLogin yes\n", ConfigKeyEditor.Set(text, "sshd", "PermitRootLogin", "no", null));
    }

    [Fact]
    public void Sshd_inserts_before_the_first_include_so_the_value_wins_over_drop_ins_and_is_global()
    {
        var text = "Include /etc/ssh/sshd_config.d/*.conf\nPort 22\nMatch User x\n  X11Forwarding yes\nPermitRootLogin yes\n";
        Assert.Equal("PermitRootLogin no\nInclude /etc/ssh/sshd_config.d/*.conf\nPort 22\nMatch User x\n  X11Forwarding yes\nPermitRootLogin yes\n",
            ConfigKeyEditor.Set(text, "sshd", "PermitRootLogin", "no", null));
        Assert.Equal("Port 22\nX11Forwarding no\nMatch all\n  X11Forwarding yes\n", ConfigKeyEditor.Set("Port 22\nMatch all\n  X11Forwarding yes\n", "sshd", "X11Forwarding", "no", null));
    }

    [Fact]
    public void Keyvalue_keeps_each_lines_separator_and_appends_a_missing_key()
    {
        Assert.Equal("PASS_MAX_DAYS 90\nUMASK 022\n", ConfigKeyEditor.Set("PASS_MAX_DAYS 99999\nUMASK 022\n", "keyvalue", "PASS_MAX_DAYS", "90", null));
        Assert.Equal("A=1\n# B=2\nB=3\n", ConfigKeyEditor.Set("A=1\n# B=2\n", "keyvalue", "B", "3", null));
        Assert.Equal("A=1\r\nB=3\r\n", ConfigKeyEditor.Set("A=1\r\nB=2\r\n", "keyvalue", "B", "3", null));
    }

    [Fact]
    public void Sysctl_treats_slashes_as_dots()
    {
        Assert.Equal("net.ipv4.ip_forward = 0\n", ConfigKeyEditor.Set("net/ipv4/ip_forward=1\n", "sysctl", "net.ipv4.ip_forward", "0", null));
        Assert.Equal("# vigil\nkernel.randomize_va_space = 2\n", ConfigKeyEditor.Set("# vigil\n", "sysctl", "kernel.randomize_va_space", "2", null));
    }

    [Fact]
    public void Ini_sets_a_key_in_its_section_adding_the_key_or_the_section()
    {
        var text = "[Journal]\nStorage=auto\n\n[Other]\nx = 1\n";
        Assert.Equal("[Journal]\nStorage = persistent\n\n[Other]\nx = 1\n", ConfigKeyEditor.Set(text, "ini", "Storage", "persistent", "Journal"));
        Assert.Equal("[Journal]\nStorage=auto\nCompress = yes\n\n[Other]\nx = 1\n", ConfigKeyEditor.Set(text, "ini", "Compress", "yes", "Journal"));
        Assert.Equal("[Journal]\nStorage=auto\n\n[Other]\nx = 1\n\n[Coredump]\nStorage = none\n", ConfigKeyEditor.Set(text, "ini", "Storage", "none", "Coredump"));
    }

    [Fact]
    public void The_diff_is_what_diff_u_prints()
    {
        var before = string.Join("\n", Enumerable.Range(1, 10).Select(i => $"line {i}")) + "\n";
        var after = before.Replace("line 5\n", "line five\n", StringComparison.Ordinal);
        Assert.Equal("--- a/etc/x\n+++ b/etc/x\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n", UnifiedDiff.Create(before, after, "/etc/x"));
        Assert.Equal("--- a/etc/x\n+++ b/etc/x\n@@ -0,0 +1,1 @@\n+A=1\n", UnifiedDiff.Create("", "A=1\n", "/etc/x"));
        Assert.Equal("", UnifiedDiff.Create(before, before, "/etc/x"));
    }
}
