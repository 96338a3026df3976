namespace Vigil.AgentHost.Commands;

/// <summary>How <c>check run</c> prints: a table for people, JSON for programs, SARIF for code scanning, JUnit for CI.</summary>
public enum CheckFormat
{
    Table,
    Json,
    Sarif,
    Junit,
}
