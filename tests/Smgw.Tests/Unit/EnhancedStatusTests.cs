using Smgw.Grains.Delivery;
using Xunit;

namespace Smgw.Tests.Unit;

public class EnhancedStatusTests
{
    [Theory]
    [InlineData(250, "2.0.0 Ok: queued as 4QxyZ", "2.0.0")]
    [InlineData(550, "5.1.1 <bob@remote.example>: Recipient address rejected: User unknown", "5.1.1")]
    [InlineData(452, "4.2.2 Mailbox full", "4.2.2")]
    [InlineData(554, "5.7.26 Unauthenticated email is not accepted", "5.7.26")]
    [InlineData(550, "  5.7.1 leading blanks", "5.7.1")]
    [InlineData(421, "4.999.999 edge", "4.999.999")]
    public void Code_in_the_reply_text_is_taken(int reply, string text, string expected)
    {
        Assert.Equal(expected, EnhancedStatus.From(reply, text));
    }

    [Theory]
    [InlineData(250, "Ok", "2.0.0")]
    [InlineData(251, null, "2.0.0")]
    [InlineData(421, "Service not available", "4.0.0")]
    [InlineData(451, "", "4.0.0")]
    [InlineData(550, "User unknown", "5.0.0")]
    [InlineData(554, null, "5.0.0")]
    public void Without_a_code_in_the_text_the_reply_class_decides(int reply, string? text, string expected)
    {
        Assert.Equal(expected, EnhancedStatus.From(reply, text));
    }

    [Theory]
    [InlineData(550, "3.1.1 no such class", "5.0.0")]
    [InlineData(550, "5.1 too short", "5.0.0")]
    [InlineData(550, "5.1.1000 detail too long", "5.0.0")]
    [InlineData(550, "5.1000.1 subject too long", "5.0.0")]
    [InlineData(550, "user 5.1.1 not leading", "5.0.0")]
    [InlineData(450, "x4.2.2 glued", "4.0.0")]
    public void Malformed_code_in_the_text_is_ignored(int reply, string text, string expected)
    {
        Assert.Equal(expected, EnhancedStatus.From(reply, text));
    }

    [Theory]
    [InlineData(550, "2.0.0 Ok", "5.0.0")]
    [InlineData(550, "4.2.2 Mailbox full", "5.0.0")]
    [InlineData(451, "5.1.1 User unknown", "4.0.0")]
    [InlineData(250, "5.0.0 but accepted", "2.0.0")]
    public void Code_whose_class_contradicts_the_reply_is_ignored(int reply, string text, string expected)
    {
        // RFC 3463 §2 / RFC 2034: the class must agree with the reply code; a 550 reported as
        // "2.0.0" would put a success status into a failure DSN.
        Assert.Equal(expected, EnhancedStatus.From(reply, text));
    }
}
