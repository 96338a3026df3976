using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Tests.Pipeline;

public sealed class RedactorTests
{
    private readonly Redactor _redactor = new();

    [Theory]
    [InlineData("mysqld --user=mysql --password=hunter2 --port 3306", "mysqld --user=mysql --password=[REDACTED] --port 3306")]
    [InlineData("app --api-key s3cr3tvalue", "app --api-key [REDACTED]")]
    [InlineData("psql postgresql://admin:pa55word@db.internal:5432/app", "psql postgresql://admin:[REDACTED]@db.internal:5432/app")]
    [InlineData("Server=db;User Id=sa;Password=Secr3t!;Database=x", "Server=db;User Id=sa;Password=[REDACTED];Database=x")]
    [InlineData("curl -H Authorization: Bearer abcdef0123456789", "curl -H Authorization: Bearer [REDACTED]")]
    [InlineData("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AWS_ACCESS_KEY_ID=[REDACTED]")]
    [InlineData("export GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789", "export GITHUB_TOKEN=[REDACTED]")]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "token [REDACTED]")]
    public void Secrets_in_command_lines_and_strings_are_replaced(string input, string expected)
    {
        Assert.Equal(expected, _redactor.Redact(input));
        Assert.True(_redactor.Redactions > 0);
    }

    [Fact]
    public void A_private_key_block_is_removed_whole()
    {
        var text = "key: -----BEGIN RSA PRIVATE KEY-----\nMIIEow\nabc\n-----END RSA PRIVATE KEY----- end";
        var redacted = _redactor.Redact(text);
        Assert.DoesNotContain("MIIEow", redacted);
        Assert.EndsWith("end", redacted);
    }

    [Theory]
    [InlineData("openssh-server")]
    [InlineData("1:9.2p1-2+deb12u3")]
    [InlineData("/usr/sbin/sshd -D")]
    [InlineData("nginx: worker process")]
    [InlineData("Install: xauth:amd64 (1:1.1.2-1), python3-oauthlib:all (3.2.2-1)")]
    public void Ordinary_values_come_back_as_the_same_instance(string input)
    {
        Assert.Same(input, _redactor.Redact(input));
    }

    [Fact]
    public void Configured_patterns_add_to_the_built_in_rules()
    {
        var redactor = new Redactor([@"customer-\d{6}"]);
        Assert.Equal("job for [REDACTED] done", redactor.Redact("job for customer-123456 done"));
    }

    [Fact]
    public void Named_rules_count_under_their_names_next_to_the_built_in_ones()
    {
        var redactor = new Redactor(rules: [new RedactionRule("ticket", @"TICKET-\d+")]);
        Assert.Equal("password=[REDACTED] for [REDACTED] and [REDACTED]", redactor.Redact("password=hunter2 for TICKET-1 and TICKET-22"));
        Assert.Equal(2, redactor.Counts["ticket"]);
        Assert.Equal(1, redactor.Counts["key_value_secret"]);
        Assert.Equal(3, redactor.Redactions);
    }

    [Fact]
    public void A_long_document_is_redacted_in_segments_without_splitting_a_private_key()
    {
        var filler = string.Concat(Enumerable.Repeat("an ordinary line of a log file\n", 2150)); // just under one segment
        var key = "-----BEGIN RSA PRIVATE KEY-----\n" + string.Concat(Enumerable.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n", 200)) + "-----END RSA PRIVATE KEY-----\n";
        var text = filler + key + filler + "token=abc123def\n";
        var redacted = new Redactor().RedactDocument(text);
        Assert.DoesNotContain("QUJDREVG", redacted, StringComparison.Ordinal);
        Assert.Contains("token=[REDACTED]", redacted, StringComparison.Ordinal);
        Assert.Equal(filler.Length * 2, redacted.Split('\n').Count(l => l == "an ordinary line of a log file") * ("an ordinary line of a log file".Length + 1));
    }
}
