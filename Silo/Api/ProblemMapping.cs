namespace Smgw.Silo.Api;

/// <summary>Turns the grains' refusals into RFC 9457 problem responses.</summary>
public static class ProblemMapping
{
    public static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(title: "Invalid input", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (UnauthorizedAccessException ex)
        {
            return Access.Forbidden(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return Results.Problem(title: "Conflict", detail: ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }
}
