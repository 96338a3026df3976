using System.Globalization;
using System.Xml;
using Vigil.Policy.Model;
using Vigil.Policy.Results;

namespace Vigil.Policy.Output;

/// <summary>
/// Writes results as JUnit XML for CI systems: one testsuite per policy, one testcase per check; a failing check is a
/// <c>failure</c>, an erroring one an <c>error</c>, a not-applicable one <c>skipped</c>. The observed value is the message.
/// </summary>
public static class JunitWriter
{
    public static void Write(Stream output, IReadOnlyList<PolicyResult> results)
    {
        using var w = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        w.WriteStartElement("testsuites");
        foreach (var policy in results)
        {
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", policy.Policy);
            w.WriteAttributeString("tests", policy.Results.Count.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("failures", policy.Count(CheckStatusNames.Fail).ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("errors", policy.Count(CheckStatusNames.Error).ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("skipped", policy.Count(CheckStatusNames.NotApplicable).ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("timestamp", policy.Started.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            w.WriteAttributeString("hostname", policy.Host);
            w.WriteAttributeString("time", (policy.Finished - policy.Started).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture));
            foreach (var r in policy.Results)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", policy.Policy);
                w.WriteAttributeString("name", $"{r.Check} {r.Title}");
                w.WriteAttributeString("time", (r.DurationMs / 1000).ToString("0.######", CultureInfo.InvariantCulture));
                var element = r.Status switch
                {
                    CheckStatusNames.Fail => "failure",
                    CheckStatusNames.Error => "error",
                    CheckStatusNames.NotApplicable => "skipped",
                    _ => null,
                };
                if (element is not null)
                {
                    w.WriteStartElement(element);
                    w.WriteAttributeString("message", r.Observed);
                    w.WriteEndElement();
                }
                else
                {
                    w.WriteElementString("system-out", r.Observed);
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }
}
