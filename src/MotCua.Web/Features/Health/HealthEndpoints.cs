using MotCua.Data;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Health;

public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).WithTags("Health");

        // Ready when the database answers with every migration applied; the notes say what works only in part (IReadinessNote).
        app.MapGet("/readyz", async (Database database, IEnumerable<IReadinessNote> parts, CancellationToken ct) =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.OpenAsync(ct);
                return await SchemaMigrator.IsUpToDateAsync(connection, ct)
                    ? Results.Ok(new { status = "ready", notes = parts.Select(p => p.Note).OfType<string>().ToArray() })
                    : Results.Problem(statusCode: 503, title: "Chưa sẵn sàng", detail: "Cơ sở dữ liệu chưa được cập nhật lược đồ.");
            }
            catch (NpgsqlException e)
            {
                return Results.Problem(statusCode: 503, title: "Chưa sẵn sàng", detail: "Không kết nối được cơ sở dữ liệu: " + e.Message);
            }
        }).WithTags("Health");
    }
}
