import { unwrap, type Api, type JsonBody, type UploadKind } from "../../api";

// The profile's requests change the signed-in user, which AuthContext holds (updateUser), not a query.
export const updateMe = (api: Api, body: JsonBody<"/api/me", "patch">) => unwrap(api.client.PATCH("/api/me", { body }));

export const changePassword = (api: Api, body: JsonBody<"/api/me/password", "post">) =>
  unwrap(api.client.POST("/api/me/password", { body }));

export const deleteMe = (api: Api, password: string) => unwrap(api.client.DELETE("/api/me", { body: { password } }));

/** A multipart upload; the browser sets the Content-Type with its boundary. */
export const uploadFile = (api: Api, kind: UploadKind, file: File) =>
  unwrap(
    api.client.POST("/api/uploads", {
      body: { kind, file },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append("kind", body.kind);
        form.append("file", body.file);
        return form;
      },
    }),
  );

export const setAvatar = (api: Api, uploadId: number | null) =>
  unwrap(api.client.PUT("/api/me/avatar", { body: { upload_id: uploadId } }));

/** Where the browser loads an upload from (avatars are public). */
export const uploadUrl = (api: Api, id: number) => api.href("/api/uploads/{id}", { id });
