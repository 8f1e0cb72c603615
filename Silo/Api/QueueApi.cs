using Smgw.Interfaces;
using Smgw.Storage;

namespace Smgw.Silo.Api;

/// <summary>The queue view: list, inspect, retry now, delete.</summary>
public static class QueueApi
{
    public static RouteGroupBuilder MapQueueApi(this RouteGroupBuilder api)
    {
        api.MapGet("/queue", async (MessageStore store, bool? all, int? limit, CancellationToken ct) =>
            Results.Ok(await store.ListAsync(all ?? false, Math.Clamp(limit ?? 100, 1, 10_000), ct)));

        api.MapGet("/queue/{id}", async (string id, IGrainFactory grains) =>
            await grains.GetGrain<IMessageGrain>(id).GetStatusAsync() is { Envelope: not null } status
                ? Results.Ok(status)
                : Results.Problem(title: "Not found", detail: $"message '{id}' is not in the queue", statusCode: 404));

        api.MapPost("/queue/{id}/retry", async (string id, IGrainFactory grains) =>
        {
            var grain = grains.GetGrain<IMessageGrain>(id);
            if ((await grain.GetStatusAsync()).Envelope is null)
            {
                return Results.Problem(title: "Not found", detail: $"message '{id}' is not in the queue", statusCode: 404);
            }
            await grain.RetryNowAsync();
            return Results.Accepted($"/api/queue/{id}");
        });

        api.MapDelete("/queue/{id}", async (string id, IGrainFactory grains) =>
        {
            var grain = grains.GetGrain<IMessageGrain>(id);
            if ((await grain.GetStatusAsync()).Envelope is null)
            {
                return Results.Problem(title: "Not found", detail: $"message '{id}' is not in the queue", statusCode: 404);
            }
            await grain.DeleteAsync();
            return Results.NoContent();
        });
        return api;
    }
}
