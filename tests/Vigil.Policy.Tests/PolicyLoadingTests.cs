using Vigil.Policy.Loading;

namespace Vigil.Policy.Tests;

public class PolicyLoadingTests
{
    [Fact]
    public void Invalid_yaml_names_the_file_and_line()
    {
        var e = Assert.Throws<ConfigException>(() => PolicyLoader.Load("bad.yaml", "id: x\nchecks:\n  - id: [unclosed\n"));
        Assert.Equal("bad.yaml", e.File);
        Assert.True(e.Line >= 3, e.Message);
    }

    [Fact]
    public void Unknown_rule_kind_names_line_and_key_and_suggests()
    {
        var e = Assert.Throws<ConfigException>(() => FakeHost.OneCheck("- kind: fiel\n  path: /etc/passwd"));
        Assert.Equal("checks[0].rules[0].kind", e.Key);
        Assert.Equal(6, e.Line);
        Assert.Contains("did you mean 'file'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_regex_is_an_error_at_its_key()
    {
        var e = Assert.Throws<ConfigException>(() => FakeHost.OneCheck("- kind: file\n  path: /etc/passwd\n  contains: '(unclosed'"));
        Assert.Equal("checks[0].rules[0].contains", e.Key);
        Assert.Contains("bad regular expression", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_option_is_rejected_with_its_line()
    {
        var e = Assert.Throws<ConfigException>(() => FakeHost.OneCheck("- kind: file\n  path: /etc/passwd\n  mode_mx: '0644'"));
        Assert.Equal("checks[0].rules[0].mode_mx", e.Key);
        Assert.Equal(8, e.Line);
    }

    [Fact]
    public void Duplicate_check_ids_and_unknown_platforms_are_rejected()
    {
        var dup = Assert.Throws<ConfigException>(() => PolicyLoader.Load("p.yaml",
            "id: p\nchecks:\n  - {id: a, title: A, rules: [{kind: fact, name: os.id, equals: debian}]}\n  - {id: a, title: B, rules: [{kind: fact, name: os.id, equals: debian}]}\n"));
        Assert.Contains("duplicate check id 'a'", dup.Message, StringComparison.Ordinal);
        var platform = Assert.Throws<ConfigException>(() => PolicyLoader.Load("p.yaml",
            "id: p\nchecks:\n  - {id: a, title: A, platform: machine, rules: [{kind: fact, name: os.id, equals: debian}]}\n"));
        Assert.Equal("checks[0].platform", platform.Key);
    }

    [Fact]
    public void Content_hash_identifies_the_exact_text()
    {
        const string yaml = "id: p\nchecks:\n  - {id: a, title: A, rules: [{kind: fact, name: os.id, equals: debian}]}\n";
        Assert.Equal(PolicyLoader.Load("p.yaml", yaml).ContentHash, PolicyLoader.Load("q.yaml", yaml).ContentHash);
        Assert.NotEqual(PolicyLoader.Load("p.yaml", yaml).ContentHash, PolicyLoader.Load("p.yaml", yaml + "# changed\n").ContentHash);
    }
}
