using Xunit;

namespace Smgw.Tests.Cluster;

/// <summary>The tests that share one PostgreSQL-backed TestingHost cluster (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "PostgreSQL cluster";
}
