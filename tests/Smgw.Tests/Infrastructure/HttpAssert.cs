using Xunit;

namespace Smgw.Tests.Infrastructure;

public static class HttpAssert
{
    /// <summary>A 2xx answer, or a failure that shows the status and the problem response.</summary>
    public static void Ok(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
}
