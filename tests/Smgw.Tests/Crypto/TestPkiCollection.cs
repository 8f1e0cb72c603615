using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>One <see cref="TestPki"/> shared by the S/MIME test classes.</summary>
[CollectionDefinition(Name)]
public sealed class TestPkiCollection : ICollectionFixture<TestPki>
{
    public const string Name = "smime-pki";
}
