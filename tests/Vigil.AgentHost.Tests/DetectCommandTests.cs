using System.Globalization;
using System.Text;

namespace Vigil.AgentHost.Tests;

public sealed class DetectCommandTests
{
    [Fact]
    public void Detect_nab_writes_one_score_per_data_row_at_the_same_relative_path()
    {
        using var dir = new TempDirectory();
        var data = new StringBuilder("timestamp,value\n");
        var start = new DateTime(2014, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 2000; i++)
        {
            var value = i == 1500 ? 500 : 100 + (i % 10);
            data.Append(CultureInfo.InvariantCulture, $"{start.AddMinutes(5 * i):yyyy-MM-dd HH:mm:ss},{value}\n");
        }
        Directory.CreateDirectory(dir.File("data/cat"));
        dir.Write("data/cat/series.csv", data.ToString());
        var results = dir.File("results");

        var (code, stdout, stderr) = AgentProcess.Run("detect", "--nab", dir.File("data"), "--out", results, "--threshold", "0.999");

        Assert.True(code == 0, stderr);
        Assert.Contains("cat/series.csv", stdout);
        var rows = File.ReadAllLines(Path.Combine(results, "cat", "series.csv"));
        Assert.Equal("timestamp,anomaly_score", rows[0]);
        Assert.Equal(2001, rows.Length);
        var dataRows = data.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 1; i < rows.Length; i++)
        {
            var parts = rows[i].Split(',');
            Assert.Equal(dataRows[i].Split(',')[0], parts[0]);
            Assert.InRange(double.Parse(parts[1], CultureInfo.InvariantCulture), 0, 1);
        }
        Assert.True(double.Parse(rows[1501].Split(',')[1], CultureInfo.InvariantCulture) >= 0.999);
    }

    [Fact]
    public void Detect_refuses_a_threshold_outside_the_unit_interval()
    {
        using var dir = new TempDirectory();
        var (code, _, stderr) = AgentProcess.Run("detect", "--nab", dir.Path, "--out", dir.File("r"), "--threshold", "2");
        Assert.Equal(2, code);
        Assert.Contains("--threshold: must be between 0 and 1", stderr);
    }
}
