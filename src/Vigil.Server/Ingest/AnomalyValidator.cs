using Vigil.Protocol;

namespace Vigil.Server.Ingest;

/// <summary>
/// The contract of an anomaly record, checked with the rest of its batch: a name for what it is about, times, finite
/// numbers (a NaN score or range explains nothing and cannot be stored or served as JSON), a score in [0, 1], and
/// an explanation. The first problem is reported with its path, e.g. <c>records[2].score</c>.
/// </summary>
internal static class AnomalyValidator
{
    private const int MaxIdLength = 128;
    private const int MaxMessageLength = 2048;
    private const int MaxDetectors = 32;

    public static void Validate(AnomalyRecord anomaly, string path)
    {
        Name(anomaly.Id, $"{path}.id", MaxIdLength);
        if (!Enum.IsDefined(anomaly.State))
        {
            throw BatchValidator.Invalid($"{path}.state", $"must be Open or Closed, got {(int)anomaly.State}");
        }
        Name(anomaly.Metric, $"{path}.metric", BatchValidator.MaxNameLength);
        if (anomaly.Attributes is { Count: > BatchValidator.MaxAttributes })
        {
            throw BatchValidator.Invalid($"{path}.a", $"{anomaly.Attributes.Count} attributes exceed {BatchValidator.MaxAttributes}");
        }
        if (anomaly.SinceUnixMs <= 0)
        {
            throw BatchValidator.Invalid($"{path}.since", "missing or not a Unix time in milliseconds");
        }
        Finite(anomaly.Observed, $"{path}.observed");
        Finite(anomaly.ExpectedLow, $"{path}.expected_low");
        Finite(anomaly.ExpectedHigh, $"{path}.expected_high");
        if (anomaly.ExpectedLow > anomaly.ExpectedHigh)
        {
            throw BatchValidator.Invalid($"{path}.expected_low", $"{N(anomaly.ExpectedLow)} is above expected_high {N(anomaly.ExpectedHigh)}");
        }
        if (!(anomaly.Score is >= 0 and <= 1))
        {
            throw BatchValidator.Invalid($"{path}.score", $"must be between 0 and 1, got {N(anomaly.Score)}");
        }
        if (anomaly.Detectors is null)
        {
            throw BatchValidator.Invalid($"{path}.detectors", "missing");
        }
        if (anomaly.Detectors.Count > MaxDetectors)
        {
            throw BatchValidator.Invalid($"{path}.detectors", $"{anomaly.Detectors.Count} detectors exceed {MaxDetectors}");
        }
        for (var i = 0; i < anomaly.Detectors.Count; i++)
        {
            Name(anomaly.Detectors[i], $"{path}.detectors[{i}]", BatchValidator.MaxNameLength);
        }
        if (string.IsNullOrWhiteSpace(anomaly.Message))
        {
            throw BatchValidator.Invalid($"{path}.message", "missing");
        }
        if (anomaly.Message.Length > MaxMessageLength)
        {
            throw BatchValidator.Invalid($"{path}.message", $"longer than {MaxMessageLength} characters");
        }
    }

    private static void Name(string? value, string path, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw BatchValidator.Invalid(path, "missing");
        }
        if (value.Length > maxLength)
        {
            throw BatchValidator.Invalid(path, $"longer than {maxLength} characters");
        }
    }

    private static string N(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static void Finite(double value, string path)
    {
        if (!double.IsFinite(value))
        {
            throw BatchValidator.Invalid(path, $"must be a finite number, got {N(value)}");
        }
    }
}
