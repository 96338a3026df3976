namespace Vigil.Server.Compliance.Export;

/// <summary>
/// Effective statuses counted. The score is pass / (pass + fail + error); excepted and false-positive results are
/// counted apart and left out of it, as the server scores them; null when nothing was decided.
/// </summary>
public sealed record StatusCounts(int Pass, int Fail, int Error, int NotApplicable, int Excepted, int FalsePositive)
{
    public int Total => Pass + Fail + Error + NotApplicable + Excepted + FalsePositive;

    public double? Score => Pass + Fail + Error == 0 ? null : (double)Pass / (Pass + Fail + Error);

    public bool Failing => Fail + Error > 0;

    public static StatusCounts Of(IEnumerable<string> effective)
    {
        int pass = 0, fail = 0, error = 0, na = 0, excepted = 0, falsePositive = 0;
        foreach (var status in effective)
        {
            switch (status)
            {
                case ResultStatus.Pass: pass++; break;
                case ResultStatus.Fail: fail++; break;
                case ResultStatus.Error: error++; break;
                case ResultStatus.Excepted: excepted++; break;
                case ResultStatus.FalsePositive: falsePositive++; break;
                default: na++; break;
            }
        }
        return new StatusCounts(pass, fail, error, na, excepted, falsePositive);
    }
}
