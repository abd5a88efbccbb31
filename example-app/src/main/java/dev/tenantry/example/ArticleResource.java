package dev.tenantry.example;

import dev.tenantry.tenancy.Idempotent;
import dev.tenantry.persistence.paging.Cursor;
import dev.tenantry.persistence.paging.KeysetPage;
import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.paging.Page;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.paging.Sort;
import dev.tenantry.persistence.repository.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/** Articles: list (offset and keyset pages), get, create, update, delete, restore. */
@Idempotent
@Path("articles")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ArticleResource {

    @Inject
    Repository<Article> articles;

    @Context
    UriInfo uri;

    /**
     * @param page zero-based page
     * @param size page size (1..1000)
     * @param sort e.g. {@code -createdAt} or {@code title}; repeatable
     * @return one page with the total
     */
    @GET
    public PageView list(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("20") int size,
                         @QueryParam("sort") List<String> sort) {
        Page<Article> p = articles.page(new PageRequest(page, size, Sort.parse(sort)));
        return new PageView(p.items().stream().map(ArticleView::of).toList(), p.total(), p.page(), p.size(),
                p.totalPages(), null);
    }

    /**
     * Keyset pages, newest first: pass the {@code next} of one page as {@code after} for the following.
     *
     * @param after cursor, absent for the first page
     * @param size  page size
     * @return the page and the next cursor
     */
    @GET
    @Path("feed")
    public PageView feed(@QueryParam("after") String after, @QueryParam("size") @DefaultValue("20") int size) {
        KeysetRequest request = new KeysetRequest(Order.desc("id"), size, after == null ? null : new Cursor(after));
        KeysetPage<Article> p = articles.keyset(request);
        return new PageView(p.items().stream().map(ArticleView::of).toList(), null, null, size, null,
                p.nextCursor().map(Cursor::token).orElse(null));
    }

    /**
     * @param page zero-based page
     * @param size page size
     * @return live and deleted articles
     */
    @GET
    @Path("all")
    public PageView listIncludingDeleted(@QueryParam("page") @DefaultValue("0") int page,
                                         @QueryParam("size") @DefaultValue("20") int size) {
        Page<Article> p = articles.includingDeleted().page(PageRequest.of(page, size));
        return new PageView(p.items().stream().map(ArticleView::of).toList(), p.total(), p.page(), p.size(),
                p.totalPages(), null);
    }

    /**
     * @param id article id
     * @return the article (404 when absent or deleted)
     */
    @GET
    @Path("{id}")
    public ArticleView get(@PathParam("id") UUID id) {
        return ArticleView.of(articles.get(id));
    }

    /**
     * @param in the new article
     * @return 201 with its location
     */
    @POST
    @Transactional
    public Response create(@NotNull(message = "a JSON body is required") ArticleInput in) {
        Article saved = articles.save(new Article(in.title(), in.slug(), in.body()));
        return Response.created(uri.getAbsolutePathBuilder().path(saved.getId().toString()).build())
                .entity(ArticleView.of(saved)).build();
    }

    /**
     * @param id article id
     * @param in the new content
     * @return the changed article
     */
    @PUT
    @Path("{id}")
    @Transactional
    public ArticleView update(@PathParam("id") UUID id, @NotNull(message = "a JSON body is required") ArticleInput in) {
        Article a = articles.get(id);
        a.change(in.title(), in.slug(), in.body());
        return ArticleView.of(articles.save(a));
    }

    /**
     * Soft-deletes the article.
     *
     * @param id article id
     * @return 204
     */
    @DELETE
    @Path("{id}")
    @Transactional
    public Response delete(@PathParam("id") UUID id) {
        articles.deleteById(id);
        return Response.noContent().build();
    }

    /**
     * @param id id of a deleted article
     * @return the restored article
     */
    @POST
    @Path("{id}/restore")
    @Transactional
    public ArticleView restore(@PathParam("id") UUID id) {
        return ArticleView.of(articles.restore(id));
    }
}
