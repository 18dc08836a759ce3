/** What the notebook library says of a saved notebook: the API's answer and the explorer's view of it. */
export interface NotebookMeta {
  id: string;
  name: string;
  description: string;
  owner: string;
  /** The notebook's own title, for search and display. */
  title: string;
  created_at: string;
  updated_at: string;
}
