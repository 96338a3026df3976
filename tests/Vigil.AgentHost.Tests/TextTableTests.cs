using Vigil.AgentHost.Output;

namespace Vigil.AgentHost.Tests;

public sealed class TextTableTests
{
    private static string Render(TextTable table, int width)
    {
        using var output = new StringWriter();
        table.Write(output, width, new ConsoleStyle(ansi: false));
        return output.ToString();
    }

    [Fact]
    public void Columns_are_aligned_under_a_ruled_header()
    {
        var table = new TextTable("disk", "Metric", "Value").AlignRight(1);
        table.AddRow("system.disk.io", "1.5 GiB");
        table.AddRow("system.disk.utilization", "3%");
        var lines = Render(table, 80).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("disk", lines[0]);
        Assert.Equal("Metric                     Value", lines[1]);
        Assert.Equal(new string('─', 32), lines[2]);
        Assert.Equal("system.disk.io           1.5 GiB", lines[3]);
        Assert.Equal("system.disk.utilization       3%", lines[4]);
    }

    [Fact]
    public void The_widest_column_wraps_at_spaces_to_fit_the_width()
    {
        var table = new TextTable(null, "Metric", "Value");
        table.AddRow("cpu", "user 10% · system 5% · idle 85%");
        var lines = Render(table, 24).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.All(lines, l => Assert.True(l.Length <= 24, l));
        Assert.Equal("cpu     user 10% ·", lines[2]);
        Assert.Equal("        system 5% · idle", lines[3]);
        Assert.Equal("        85%", lines[4]);
    }

    [Fact]
    public void A_table_without_headers_has_no_rule()
    {
        var table = new TextTable("identity", "", "");
        table.AddRow("host", "vm");
        Assert.DoesNotContain("─", Render(table, 80));
    }
}
