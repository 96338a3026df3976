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
}
