namespace Smgw.Interfaces.Models;

/// <summary>A group of addresses with its own policy (seed CL-11, tables 7, 8).</summary>
[GenerateSerializer, Immutable, Alias("smgw.PolicyGroupConfig")]
public sealed record PolicyGroupConfig
{
    /// <summary>"tenantId/groupName".</summary>
    [Id(0)] public string Id { get; init; } = "";
    [Id(1)] public string TenantId { get; init; } = "";
    [Id(2)] public string Name { get; init; } = "";
    /// <summary>"internal" or "external".</summary>
    [Id(3)] public string Kind { get; init; } = "internal";
    [Id(4)] public IReadOnlyList<string> Members { get; init; } = [];
    /// <summary>Name of the policy applied to the members (issue B fills policies in).</summary>
    [Id(5)] public string Policy { get; init; } = "";
    /// <summary>What the group is for (seed tables 7, 8: group name, members, description, policy name).</summary>
    [Id(6)] public string Description { get; init; } = "";
}
