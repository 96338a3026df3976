namespace Vigil.Server.Compliance;

/// <summary>Results counted by effective status, and the score: pass / (pass + fail + error), null when nothing counts.</summary>
public sealed class Tally
{
    public long Pass { get; private set; }
    public long Fail { get; private set; }
    public long Error { get; private set; }
    public long NotApplicable { get; private set; }
    public long Excepted { get; private set; }
    public long FalsePositive { get; private set; }

    public double? Score => Pass + Fail + Error is var d && d == 0 ? null : Math.Round((double)Pass / d, 4);

    public void Add(string status, long n)
    {
        switch (status)
        {
            case "pass": Pass += n; break;
            case "fail": Fail += n; break;
            case "error": Error += n; break;
            case "not_applicable": NotApplicable += n; break;
            case "excepted": Excepted += n; break;
            case "false_positive": FalsePositive += n; break;
        }
    }

    public void Add(Tally other)
    {
        Pass += other.Pass;
        Fail += other.Fail;
        Error += other.Error;
        NotApplicable += other.NotApplicable;
        Excepted += other.Excepted;
        FalsePositive += other.FalsePositive;
    }

    /// <summary>The counts as the API shows them, after <paramref name="head"/>'s fields.</summary>
    public Dictionary<string, object?> View(params (string Key, object? Value)[] head)
    {
        var view = head.ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
        view["score"] = Score;
        view["pass"] = Pass;
        view["fail"] = Fail;
        view["error"] = Error;
        view["not_applicable"] = NotApplicable;
        view["excepted"] = Excepted;
        view["false_positive"] = FalsePositive;
        return view;
    }
}
